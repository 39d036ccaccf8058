import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import type { Caller } from "./caller";
import { getWorkspace } from "./get-workspace";

/** What GET /api/v1/me answers: the caller's workspace, role, and the user behind a session. */
export async function describeCaller(db: DbOrTx, caller: Caller) {
  const workspace = await getWorkspace(db, caller.workspaceId);
  let user: { id: string; email: string; name: string } | null = null;
  if (caller.userId) {
    const [u] = await db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, caller.userId));
    user = u ?? null;
  }
  return { workspace, role: caller.role, via: caller.via, user };
}
