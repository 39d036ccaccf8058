import type { DbOrTx } from "@/lib/db/client";
import { notificationPreferences } from "@/lib/db/schema";
import type { NotificationPreferencesView } from "./api-schemas";

/** Replace one person's notification switches in one workspace (one statement: no lost update). */
export async function saveNotificationPreferences(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  prefs: NotificationPreferencesView,
): Promise<NotificationPreferencesView> {
  const [row] = await db
    .insert(notificationPreferences)
    .values({ id: crypto.randomUUID(), workspaceId, userId, ...prefs })
    .onConflictDoUpdate({
      target: [notificationPreferences.workspaceId, notificationPreferences.userId],
      set: { ...prefs, updatedAt: new Date() },
    })
    .returning();
  return {
    campaignPaused: row!.campaignPaused,
    mailboxError: row!.mailboxError,
    domainHealth: row!.domainHealth,
    dailyDigest: row!.dailyDigest,
  };
}
