import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type ApiKey, apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { generateApiKeyToken, hashApiKey } from "./verify-api-key";

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export const toApiKeyView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

/** Create a key; the returned token is the only time it exists outside its hash. */
export async function createApiKey(
  db: DbOrTx,
  opts: { workspaceId: string; name: string; createdByUserId: string | null },
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
    .returning();
  return { token, apiKey: toApiKeyView(row!) };
}

export async function listApiKeys(db: DbOrTx, workspaceId: string): Promise<ApiKeyView[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toApiKeyView);
}

export async function getApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<ApiKeyView> {
  const [row] = await db
    .select()
    .from(apiKeys)
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
