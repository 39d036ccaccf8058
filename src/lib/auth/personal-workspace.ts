import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { members, sessions, workspaces } from "@/lib/db/schema";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "workspace"}-${randomBytes(3).toString("hex")}`;
}

/**
 * The workspace every new user starts with, owned by them. Better Auth runs the user-created hook
 * after its sign-up transaction, i.e. after the first session was made without a workspace to
 * open in: that session is pointed at the new workspace here.
 */
export async function createPersonalWorkspace(
  db: DbOrTx,
  opts: { userId: string; userName: string; email: string; workspaceName?: string },
) {
  const name =
    opts.workspaceName?.trim() || `${opts.userName?.trim() || opts.email.split("@")[0]}'s workspace`;
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(workspaces).values({ id, name, slug: slugify(name) });
    await tx
      .insert(members)
      .values({ id: crypto.randomUUID(), organizationId: id, userId: opts.userId, role: "owner" });
    await tx
      .update(sessions)
      .set({ activeOrganizationId: id })
      .where(and(eq(sessions.userId, opts.userId), isNull(sessions.activeOrganizationId)));
  });
  return { id, name };
}

/** The workspace a new session opens in: the user's oldest membership. */
export async function firstWorkspaceOf(db: DbOrTx, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: members.organizationId })
    .from(members)
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt))
    .limit(1);
  return row?.id;
}
