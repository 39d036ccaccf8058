import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { users, workspaces } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { Caller } from "./caller";

export const toWorkspaceView = (w: typeof workspaces.$inferSelect) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  createdAt: w.createdAt.toISOString(),
});

export async function getWorkspace(db: DbOrTx, workspaceId: string) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("workspace");
  return toWorkspaceView(row);
}

export async function renameWorkspace(db: DbOrTx, workspaceId: string, name: string) {
  const [row] = await db.update(workspaces).set({ name }).where(eq(workspaces.id, workspaceId)).returning();
  if (!row) throw notFound("workspace");
  return toWorkspaceView(row);
}

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
