import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type NotificationDelivery, notificationDeliveries, users } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { resolveWorkspaceMailer } from "./resolve-mailer";
import { sendAppMail } from "./send-app-mail";

/** Attempts before a notification is given up (one a minute: the sweep's pace). */
const MAX_ATTEMPTS = 5;
/**
 * A row claimed longer ago than this belongs to a worker that died mid-send: it is tried again.
 * Longer than any SMTP exchange can take; the one case that could send twice is a crash after the
 * server said 250 and before the row was marked, which no mailer can tell apart from a failure.
 */
const CLAIM_LEASE = "10 minutes";

/**
 * Send the pending notification emails, each once. A row is claimed (`sending`) in one statement
 * with SKIP LOCKED before it is sent, so two workers, or a retried job, never take the same one;
 * it is marked `sent` after. No mailer for the workspace: `skipped` (the settings page says so).
 * A refusal puts it back for the next run, up to MAX_ATTEMPTS.
 */
export async function deliverNotifications(db: DbOrTx, opts: { limit?: number } = {}): Promise<number> {
  let sent = 0;
  for (let i = 0; i < (opts.limit ?? 200); i++) {
    const row = await claimNext(db);
    if (!row) break;
    if (await deliverOne(db, row)) sent++;
  }
  return sent;
}

async function claimNext(db: DbOrTx): Promise<NotificationDelivery | undefined> {
  const result = await db.execute<{ id: string }>(sql`
    update ${notificationDeliveries} set status = 'sending', claimed_at = now()
    where id = (
      select id from ${notificationDeliveries}
      where status = 'pending'
         or (status = 'sending' and claimed_at < now() - ${CLAIM_LEASE}::interval)
      order by created_at
      for update skip locked
      limit 1
    )
    returning id`);
  const id = result.rows[0]?.id;
  if (!id) return undefined;
  const [row] = await db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id));
  return row;
}

async function deliverOne(db: DbOrTx, row: NotificationDelivery): Promise<boolean> {
  const settle = (set: Partial<typeof notificationDeliveries.$inferInsert>) =>
    db
      .update(notificationDeliveries)
      .set(set)
      .where(and(eq(notificationDeliveries.id, row.id), eq(notificationDeliveries.status, "sending")));
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, row.userId));
  const { mailer, passedOver } = await resolveWorkspaceMailer(db, row.workspaceId);
  if (!user || mailer.kind === "none") {
    await settle({ status: "skipped", sentVia: passedOver?.reason ?? "no mailer configured" });
    return false;
  }
  try {
    const via = await sendAppMail(mailer, { to: user.email, subject: row.subject, text: row.body });
    await settle({ status: "sent", sentAt: new Date(), sentVia: via });
    return true;
  } catch (err) {
    const attempts = [
      ...row.attempts,
      { at: new Date().toISOString(), error: (err as Error).message.slice(0, 500) },
    ];
    const failed = attempts.length >= MAX_ATTEMPTS;
    await settle({ status: failed ? "failed" : "pending", attempts });
    logger.warn(
      { notificationId: row.id, err: (err as Error).message, failed },
      "notification email refused",
    );
    return false;
  }
}
