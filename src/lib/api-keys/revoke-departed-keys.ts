import { and, eq, isNull, notExists, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, members } from "@/lib/db/schema";

/**
 * Revoke the workspace's live keys whose creator is no longer one of its members (removed, left,
 * or deleted). Such keys are already refused when used (resolveCaller checks the creator's
 * membership on every call); revoking them too makes the key list say so. Returns how many.
 */
export async function revokeDepartedKeys(db: DbOrTx, workspaceId: string): Promise<number> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        isNull(apiKeys.revokedAt),
        or(
          isNull(apiKeys.createdByUserId),
          notExists(
            db
              .select({ one: sql`1` })
              .from(members)
              .where(
                and(eq(members.organizationId, workspaceId), eq(members.userId, apiKeys.createdByUserId)),
              ),
          ),
        ),
      ),
    )
    .returning({ id: apiKeys.id });
  return revoked.length;
}
