import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { members, type NotificationKind, notificationPreferences, users, workspaces } from "@/lib/db/schema";

const switchOf = {
  campaign_paused: notificationPreferences.campaignPaused,
  mailbox_error: notificationPreferences.mailboxError,
  domain_health: notificationPreferences.domainHealth,
  daily_digest: notificationPreferences.dailyDigest,
} as const;

export type Recipient = { userId: string; email: string; workspaceName: string };

/** The workspace's current members who turned this kind on (a departed member's choice is void). */
export async function optedInRecipients(
  db: DbOrTx,
  workspaceId: string,
  kind: NotificationKind,
): Promise<Recipient[]> {
  return db
    .select({ userId: users.id, email: users.email, workspaceName: workspaces.name })
    .from(notificationPreferences)
    .innerJoin(
      members,
      and(
        eq(members.organizationId, notificationPreferences.workspaceId),
        eq(members.userId, notificationPreferences.userId),
      ),
    )
    .innerJoin(users, eq(users.id, notificationPreferences.userId))
    .innerJoin(workspaces, eq(workspaces.id, notificationPreferences.workspaceId))
    .where(and(eq(notificationPreferences.workspaceId, workspaceId), eq(switchOf[kind], true)));
}
