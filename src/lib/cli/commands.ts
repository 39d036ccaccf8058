import { and, asc, eq } from "drizzle-orm";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { getAuth } from "@/lib/auth";
import type { Db } from "@/lib/db/client";
import { members, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";

/** Create a user exactly as sign-up does (same hashing, same personal workspace). */
export async function createUserCommand(
  db: Db,
  opts: { email: string; password: string; name?: string; workspace?: string },
) {
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, opts.email.toLowerCase()));
  if (existing) throw new AppError("conflict", `a user with email ${opts.email} already exists`);
  const result = await getAuth()
    .api.signUpEmail({
      body: { email: opts.email, password: opts.password, name: opts.name ?? opts.email.split("@")[0]! },
    })
    .catch((err: { message?: string }) => {
      throw new AppError("bad_request", err.message ?? "could not create the user");
    });
  const workspaceId = await firstWorkspace(db, result.user.id);
  const workspace = opts.workspace ? await renameWorkspace(db, workspaceId, opts.workspace) : undefined;
  return { userId: result.user.id, email: result.user.email, workspaceId, workspaceName: workspace?.name };
}

/** An API key for the user's workspace (their first, or the one named by id). */
export async function createApiKeyCommand(
  db: Db,
  opts: { email: string; name?: string; workspaceId?: string },
) {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, opts.email.toLowerCase()));
  if (!user) throw new AppError("not_found", `no user with email ${opts.email}`);
  let workspaceId = opts.workspaceId;
  if (workspaceId) {
    const [m] = await db
      .select({ role: members.role })
      .from(members)
      .where(and(eq(members.userId, user.id), eq(members.organizationId, workspaceId)));
    if (!m) throw new AppError("not_found", `${opts.email} is not a member of workspace ${workspaceId}`);
  } else {
    workspaceId = await firstWorkspace(db, user.id);
  }
  const { token, apiKey } = await createApiKey(db, {
    workspaceId,
    name: opts.name ?? "CLI",
    createdByUserId: user.id,
  });
  return { key: token, id: apiKey.id, workspaceId };
}

async function firstWorkspace(db: Db, userId: string): Promise<string> {
  const [m] = await db
    .select({ id: members.organizationId })
    .from(members)
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt))
    .limit(1);
  if (!m) throw new AppError("not_found", "the user has no workspace");
  return m.id;
}
