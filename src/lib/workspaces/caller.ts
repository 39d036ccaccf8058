import { and, eq } from "drizzle-orm";
import { findApiKeyByToken } from "@/lib/api-keys/verify-api-key";
import type { Auth } from "@/lib/auth/create-auth";
import type { DbOrTx } from "@/lib/db/client";
import { members, type WorkspaceRole, workspaceRoles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { firstWorkspaceOf } from "./personal-workspace";

/** Who is calling and in which workspace: every query of business data is scoped by workspaceId. */
export type Caller = {
  workspaceId: string;
  role: WorkspaceRole;
  userId: string | null;
  via: "session" | "api_key";
  apiKeyId?: string;
};

/**
 * Resolve a request to a workspace: an API key (`Authorization: Bearer cf_…`) belongs to one
 * workspace; a session acts in its active workspace, which must still be one of the user's.
 */
export async function resolveCaller(db: DbOrTx, auth: Auth, headers: Headers): Promise<Caller> {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? headers.get("x-api-key");
  if (bearer) {
    const key = await findApiKeyByToken(db, bearer);
    if (!key) throw new AppError("unauthorized", "invalid or revoked API key");
    // API keys act for the workspace with admin rights, but member management stays with people.
    return { workspaceId: key.workspaceId, role: "admin", userId: null, via: "api_key", apiKeyId: key.id };
  }
  const session = await auth.api.getSession({ headers });
  if (!session)
    throw new AppError("unauthorized", "sign in, or send an API key as `Authorization: Bearer <key>`");
  const userId = session.user.id;
  const active = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const workspaceId = active ?? (await firstWorkspaceOf(db, userId));
  if (!workspaceId) throw new AppError("forbidden", "you are not a member of any workspace");
  const [member] = await db
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.organizationId, workspaceId), eq(members.userId, userId)))
    .limit(1);
  if (!member)
    throw new AppError("forbidden", "you are no longer a member of this workspace: switch workspace");
  return { workspaceId, role: member.role, userId, via: "session" };
}

const rank: Record<WorkspaceRole, number> = { member: 0, admin: 1, owner: 2 };

export function requireRole(caller: Caller, role: WorkspaceRole): void {
  if (rank[caller.role] < rank[role]) {
    throw new AppError("forbidden", `this needs the ${role} role; you are ${caller.role}`);
  }
}

export function isRole(value: string): value is WorkspaceRole {
  return (workspaceRoles as readonly string[]).includes(value);
}
