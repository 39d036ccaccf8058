import { sql } from "drizzle-orm";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { getAuth } from "@/lib/auth";
import { createPersonalWorkspace } from "@/lib/auth/personal-workspace";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { resolveCaller } from "@/lib/workspaces/caller";
import { compareLatency } from "../lib/measure";
import type { Scenario } from "../lib/scenario";

/**
 * Resolving `Authorization: Bearer cf_…` to a caller (hash, one indexed lookup joined to the
 * creator's membership) against one `select 1` round trip on the same pool.
 */
export const apiKeyAuth: Scenario = {
  name: "api-key-auth",
  description: "API-key request authentication vs one `select 1` round trip",
  async run(ctx) {
    const db = getDb();
    const userId = crypto.randomUUID();
    await db.insert(users).values({ id: userId, name: "Bench", email: "bench@example.test" });
    const ws = await createPersonalWorkspace(db, { userId, userName: "Bench", email: "bench@example.test" });
    const { token } = await createApiKey(db, { workspaceId: ws.id, name: "bench", createdByUserId: userId });
    const headers = new Headers({ authorization: `Bearer ${token}` });
    const auth = getAuth();
    const r = await compareLatency({
      rounds: ctx.quick ? 2 : 10,
      perRound: ctx.quick ? 50 : 200,
      floor: () => db.execute(sql`select 1`),
      ours: () => resolveCaller(db, auth, headers),
    });
    const ratio = Math.round((r.ours.p50Ms / r.floor.p50Ms) * 100) / 100;
    return {
      name: "api-key-auth",
      scale: "one key, sequential requests",
      ours: { label: "api-key auth", ...r.ours },
      floor: { label: "select 1", ...r.floor },
      ratioKind: "slowdown",
      ratio,
      target: "< 5× one round trip (p50)",
      met: ratio < 5,
    };
  },
};
