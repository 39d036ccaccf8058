import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, members, users } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { generateApiKeyToken, hashApiKey } from "./verify-api-key";

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** who created the key; the key acts with this person's current role, and dies with their membership */
  createdBy: { id: string; name: string; email: string; isMember: boolean } | null;
};

type Row = {
  key: typeof apiKeys.$inferSelect;
  creator: { id: string; name: string; email: string } | null;
  memberId: string | null;
};

const toApiKeyView = ({ key: k, creator, memberId }: Row): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  createdBy: creator ? { ...creator, isMember: memberId !== null } : null,
});

/** Keys with their creator and whether that creator is still a member of the key's workspace. */
function selectKeys(db: DbOrTx) {
  return db
    .select({
      key: apiKeys,
      creator: { id: users.id, name: users.name, email: users.email },
      memberId: members.id,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .leftJoin(
      members,
      and(eq(members.organizationId, apiKeys.workspaceId), eq(members.userId, apiKeys.createdByUserId)),
    );
}

/** Create a key; the returned token is the only time it exists outside its hash. */
export async function createApiKey(
  db: DbOrTx,
  opts: { workspaceId: string; name: string; createdByUserId: string },
): Promise<{ token: string; apiKey: ApiKeyView }> {
  const token = generateApiKeyToken();
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: crypto.randomUUID(),
      workspaceId: opts.workspaceId,
      name: opts.name,
      prefix: token.slice(0, 10),
      keyHash: hashApiKey(token),
      createdByUserId: opts.createdByUserId,
    })
    .returning({ id: apiKeys.id });
  return { token, apiKey: await getApiKey(db, opts.workspaceId, row!.id) };
}

export async function listApiKeys(db: DbOrTx, workspaceId: string): Promise<ApiKeyView[]> {
  const rows = await selectKeys(db)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toApiKeyView);
}

export async function getApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<ApiKeyView> {
  const [row] = await selectKeys(db)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
    .limit(1);
  if (!row) throw notFound("API key");
  return toApiKeyView(row);
}

/** Revoke; revoking twice is fine. A key of another workspace is "not found", never "forbidden". */
export async function revokeApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<ApiKeyView> {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  return getApiKey(db, workspaceId, id);
}
