import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, members } from "@/lib/db/schema";
import { API_KEY_PREFIX, hashApiKey } from "./api-key-token";

// Every API request runs this lookup: it is built once per database handle and sent as a named
// statement (parsed and planned once per connection), not rebuilt and re-planned each time.
const prepared = new WeakMap<DbOrTx, ReturnType<typeof prepare>>();

function prepare(db: DbOrTx) {
  return db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      createdByUserId: apiKeys.createdByUserId,
      creatorRole: members.role,
      usedLately: sql<boolean>`coalesce(${apiKeys.lastUsedAt} > now() - interval '1 minute', false)`,
    })
    .from(apiKeys)
    .leftJoin(
      members,
      and(eq(members.organizationId, apiKeys.workspaceId), eq(members.userId, apiKeys.createdByUserId)),
    )
    .where(and(eq(apiKeys.keyHash, sql.placeholder("hash")), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare("find_api_key_by_token");
}

/**
 * The live key for this token, with its creator's current role in the key's workspace (null when
 * the creator is no longer a member), in one query; or undefined. Marks it used (at most once a
 * minute, to spare writes).
 */
export async function findApiKeyByToken(db: DbOrTx, token: string) {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return undefined;
  let query = prepared.get(db);
  if (!query) prepared.set(db, (query = prepare(db)));
  const [found] = await query.execute({ hash: hashApiKey(token) });
  if (!found) return undefined;
  const { usedLately, ...key } = found;
  if (usedLately) return key;
  // the database's clock on both sides, as in the lookup
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
  return key;
}
