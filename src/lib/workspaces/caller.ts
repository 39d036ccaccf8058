import { and, eq } from "drizzle-orm";
import { findApiKeyByToken } from "@/lib/api-keys/find-api-key-by-token";
import { isKeyOfDepartedCreator } from "@/lib/api-keys/is-key-of-departed-creator";
import type { Auth } from "@/lib/auth/create-auth";
import { firstWorkspaceOf } from "@/lib/auth/personal-workspace";
import type { DbOrTx } from "@/lib/db/client";
import { members, type WorkspaceRole, workspaceRoles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

/** Who is calling and in which workspace: every query of business data is scoped by workspaceId. */
export type Caller = {
  workspaceId: string;
  role: WorkspaceRole;
  /** the signed-in person; null for API keys */
  userId: string | null;
  /** the person acting: the signed-in user, or the creator of the API key */
  actorId: string;
  via: "session" | "api_key";
  apiKeyId?: string;
};

/**
 * Resolve a request to a workspace: an API key (`Authorization: Bearer cf_…`) belongs to one
 * workspace; a session acts in its active workspace, which must still be one of the user's.
 * `method` is the HTTP method: cookie-authenticated changes must come from the app's own pages.
 */
export async function resolveCaller(
  db: DbOrTx,
  auth: Auth,
  headers: Headers,
  method = "GET",
): Promise<Caller> {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? headers.get("x-api-key");
  if (bearer) {
    const key = await findApiKeyByToken(db, bearer);
    if (!key && (await isKeyOfDepartedCreator(db, bearer))) throw creatorLeft();
    if (!key) throw new AppError("unauthorized", "invalid or revoked API key");
    // A key acts with its creator's current role, so it can never outlive or outrank them: a
    // removed admin's keys stop, a demoted admin's keys are demoted. Capped at admin, because
    // what Better Auth reserves to owners (deleting the workspace, ownership) stays with people.
    const role = key.creatorRole;
    if (!role || !key.createdByUserId) throw creatorLeft();
    return {
      workspaceId: key.workspaceId,
      role: role === "owner" ? "admin" : role,
      userId: null,
      actorId: key.createdByUserId,
      via: "api_key",
      apiKeyId: key.id,
    };
  }
  const session = await auth.api.getSession({ headers });
  if (!session)
    throw new AppError("unauthorized", "sign in, or send an API key as `Authorization: Bearer <key>`");
  if (!["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase()))
    assertSameSite(headers, allowedOrigins(auth));
  const userId = session.user.id;
  const active = (session.session as { activeOrganizationId?: string | null }).activeOrganizationId;
  const workspaceId = active ?? (await firstWorkspaceOf(db, userId));
  if (!workspaceId) throw new AppError("forbidden", "you are not a member of any workspace");
  const role = await roleIn(db, workspaceId, userId);
  if (!role)
    throw new AppError("forbidden", "you are no longer a member of this workspace: switch workspace");
  return { workspaceId, role, userId, actorId: userId, via: "session" };
}

const creatorLeft = () =>
  new AppError("unauthorized", "this key's creator left the workspace: ask an admin for a new key");

async function roleIn(db: DbOrTx, workspaceId: string, userId: string): Promise<WorkspaceRole | undefined> {
  const [member] = await db
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.organizationId, workspaceId), eq(members.userId, userId)))
    .limit(1);
  return member?.role;
}

/** The app's own origin (APP_URL, Better Auth's baseURL) and any origins Better Auth trusts. */
function allowedOrigins(auth: Auth): string[] {
  const { baseURL, trustedOrigins } = auth.options as { baseURL?: unknown; trustedOrigins?: unknown };
  const list = [
    typeof baseURL === "string" ? baseURL : "",
    ...(Array.isArray(trustedOrigins) ? trustedOrigins : []),
  ];
  return list.flatMap((u) => {
    try {
      return [new URL(String(u)).origin];
    } catch {
      return [];
    }
  });
}

/**
 * Cross-site request forgery guard for cookie-authenticated changes. SameSite=Lax cookies still
 * ride along on a form POST or a `text/plain` fetch from another site's page, so a change is
 * accepted only when the browser says it came from our origin: the Origin header (sent on every
 * non-GET fetch and form post), or, without one, `Sec-Fetch-Site: same-origin`.
 */
export function assertSameSite(headers: Headers, allowed: string[]): void {
  const origin = headers.get("origin");
  if (origin ? allowed.includes(origin) : headers.get("sec-fetch-site") === "same-origin") return;
  throw new AppError(
    "forbidden",
    "this request came from another site: changes with a session cookie are accepted only from Coldframe's own pages (use an API key for scripts)",
  );
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
