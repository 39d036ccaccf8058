import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, members } from "@/lib/db/schema";
import { API_KEY_PREFIX, hashApiKey } from "./api-key-token";

/** Whether this token is a key that was revoked because its creator left its workspace. */
export async function isKeyOfDepartedCreator(db: DbOrTx, token: string): Promise<boolean> {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return false;
  const [row] = await db
    .select({ memberId: members.id })
    .from(apiKeys)
    .leftJoin(
      members,
      and(eq(members.organizationId, apiKeys.workspaceId), eq(members.userId, apiKeys.createdByUserId)),
    )
    .where(eq(apiKeys.keyHash, hashApiKey(token)))
    .limit(1);
  return row !== undefined && row.memberId === null;
}
