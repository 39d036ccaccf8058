import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys, members, users } from "@/lib/db/schema";

/** Keys with their creator and whether that creator is still a member of the key's workspace. */
export function selectApiKeys(db: DbOrTx) {
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
