import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { notificationPreferences } from "@/lib/db/schema";
import type { NotificationPreferencesView } from "./api-schemas";

/** One person's notification switches in one workspace; all off until they choose. */
export async function getNotificationPreferences(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
): Promise<NotificationPreferencesView> {
  const [row] = await db
    .select()
    .from(notificationPreferences)
    .where(
      and(eq(notificationPreferences.workspaceId, workspaceId), eq(notificationPreferences.userId, userId)),
    )
    .limit(1);
  return {
    campaignPaused: row?.campaignPaused ?? false,
    mailboxError: row?.mailboxError ?? false,
    domainHealth: row?.domainHealth ?? false,
    dailyDigest: row?.dailyDigest ?? false,
  };
}
