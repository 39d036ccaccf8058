import type { DbOrTx } from "@/lib/db/client";
import { type NotificationKind, notificationDeliveries } from "@/lib/db/schema";

export type NewNotification = {
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  /** kind + subject + time bucket: unique per user, so the same news is never emailed twice */
  dedupeKey: string;
  subject: string;
  body: string;
};

/**
 * Queue notification emails (pending rows; notifications.deliver sends them). A row whose key the
 * user already has is dropped: a retried job, a second worker or a repeated event adds nothing.
 */
export async function insertNotifications(db: DbOrTx, rows: NewNotification[]): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await db
    .insert(notificationDeliveries)
    .values(rows.map((r) => ({ id: crypto.randomUUID(), ...r })))
    .onConflictDoNothing({ target: [notificationDeliveries.userId, notificationDeliveries.dedupeKey] })
    .returning({ id: notificationDeliveries.id });
  return inserted.map((r) => r.id);
}
