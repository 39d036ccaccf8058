/**
 * `npm run bench`: speed as ratios against a baseline measured in the same run, on a real
 * (embedded) PostgreSQL. Absolute times vary by machine; the ratios are what to compare.
 *
 *   api-key auth: resolving `Authorization: Bearer cf_…` to a workspace (hash + indexed lookup)
 *                 vs. the baseline, one `select 1` round trip on the same pool.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(os.tmpdir(), "coldframe-bench-"));
chmodSync(dir, 0o755);
Object.assign(process.env, { DATA_DIR: dir, LOG_LEVEL: "silent" });

const { ensureEmbeddedPostgres } = await import("../src/lib/db/embedded");
const { runMigrations } = await import("../src/lib/db/migrate");
const { getDb, closeDatabase } = await import("../src/lib/db/client");
const { createPersonalWorkspace } = await import("../src/lib/auth/personal-workspace");
const { createApiKey } = await import("../src/lib/api-keys/api-keys");
const { resolveCaller } = await import("../src/lib/workspaces/caller");
const { getAuth } = await import("../src/lib/auth");
const { users } = await import("../src/lib/db/schema");
const { sql } = await import("drizzle-orm");

const pg = await ensureEmbeddedPostgres(dir, { fast: true });
process.env.DATABASE_URL = pg.url;
try {
  await runMigrations(pg.url);
  const db = getDb();
  const userId = crypto.randomUUID();
  await db.insert(users).values({ id: userId, name: "Bench", email: "bench@example.test" });
  const ws = await createPersonalWorkspace(db, { userId, userName: "Bench", email: "bench@example.test" });
  const { token } = await createApiKey(db, { workspaceId: ws.id, name: "bench", createdByUserId: userId });
  const headers = new Headers({ authorization: `Bearer ${token}` });
  const auth = getAuth();

  const measure = async (label: string, n: number, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 50; i++) await fn(); // warm up
    const start = performance.now();
    for (let i = 0; i < n; i++) await fn();
    const perOp = (performance.now() - start) / n;
    return { label, perOpMs: perOp };
  };
  const n = 2000;
  const baseline = await measure("baseline: select 1", n, () => db.execute(sql`select 1`));
  const apiKey = await measure("api-key auth", n, () => resolveCaller(db, auth, headers));
  console.log(
    JSON.stringify({ baseline, apiKey, ratio: +(apiKey.perOpMs / baseline.perOpMs).toFixed(2) }, null, 2),
  );
  console.log(
    `api-key auth costs ${(apiKey.perOpMs / baseline.perOpMs).toFixed(2)}× a bare query round trip`,
  );
} finally {
  await closeDatabase();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
