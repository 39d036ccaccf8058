import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, members } from "@/lib/db/schema";
import { API_KEY_PREFIX, hashApiKey } from "./api-key-token";

/**
 * The live key for this token, with its creator's current role in the key's workspace (null when
 * the creator is no longer a member), in one query; or undefined. Marks it used (at most once a
 * minute, to spare writes).
 */
export async function findApiKeyByToken(db: DbOrTx, token: string) {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return undefined;
  const [key] = await db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      createdByUserId: apiKeys.createdByUserId,
      creatorRole: members.role,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .leftJoin(
      members,
      and(eq(members.organizationId, apiKeys.workspaceId), eq(members.userId, apiKeys.createdByUserId)),
    )
    .where(and(eq(apiKeys.keyHash, hashApiKey(token)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!key) return undefined;
  const now = new Date();
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < 60_000) return key;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000))),
      ),
    );
  return key;
}
