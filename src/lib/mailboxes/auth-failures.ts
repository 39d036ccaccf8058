import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import type { mailboxStatuses } from "@/lib/db/schema/mailboxes";
import { logger } from "@/lib/logger";
import { reportMailboxStopped } from "./report-mailbox-stopped";

type MailboxStatus = (typeof mailboxStatuses)[number];

/** Consecutive failed logins after which a mailbox stops sending ("error", with the reason shown). */
export const AUTH_FAILURE_LIMIT = 3;

/**
 * Count a failed login (SMTP or IMAP: a test, a send or a sync). One atomic statement, so senders
 * and syncs on several workers count every failure once. The third in a row sets status "error"
 * with the reason; a paused mailbox is not sending anyway and stays paused until resumed. `stopped`
 * says this failure is the one that stopped it (once), for the caller to pause the campaigns it
 * leaves without a mailbox (campaigns sit beside mailboxes, so the caller's layer does it).
 */
export async function recordAuthFailure(
  db: DbOrTx,
  mailboxId: string,
  reason: string,
): Promise<{ failures: number; status: MailboxStatus; stopped?: { email: string; reason: string } }> {
  const next = sql`${mailboxes.authFailures} + 1`;
  const reached = sql`${next} >= ${AUTH_FAILURE_LIMIT} and ${mailboxes.status} <> 'paused'`;
  const statusReason = `${reason} — ${AUTH_FAILURE_LIMIT} failed logins in a row, sending stopped until fixed`;
  const [row] = await db
    .update(mailboxes)
    .set({
      authFailures: next,
      status: sql`case when ${reached} then 'error' else ${mailboxes.status} end`,
      statusReason: sql`case when ${reached} then ${statusReason} else ${mailboxes.statusReason} end`,
      updatedAt: new Date(),
    })
    .where(eq(mailboxes.id, mailboxId))
    .returning({
      failures: mailboxes.authFailures,
      status: mailboxes.status,
      workspaceId: mailboxes.workspaceId,
      email: mailboxes.email,
    });
  if (!row) return { failures: 0, status: "error" };
  // the failure that reached the limit is the one that stopped it: reported once
  const stopped = row.failures === AUTH_FAILURE_LIMIT && row.status === "error";
  if (stopped)
    await reportMailboxStopped(db, {
      workspaceId: row.workspaceId,
      mailboxId,
      email: row.email,
      status: "error",
      reason: statusReason,
    });
  if (row.failures >= AUTH_FAILURE_LIMIT)
    logger.warn({ mailboxId, failures: row.failures, reason }, "mailbox login keeps failing");
  return {
    failures: row.failures,
    status: row.status,
    stopped: stopped ? { email: row.email, reason: statusReason } : undefined,
  };
}

/**
 * A login worked: the failure count starts over, and a mailbox stopped by failed logins sends
 * again. A paused mailbox stays paused: pausing is a person's decision.
 */
export async function recordAuthSuccess(db: DbOrTx, mailboxId: string): Promise<void> {
  await db
    .update(mailboxes)
    .set({
      authFailures: 0,
      status: sql`case when ${mailboxes.status} = 'error' then 'active' else ${mailboxes.status} end`,
      statusReason: sql`case when ${mailboxes.status} = 'error' then null else ${mailboxes.statusReason} end`,
      updatedAt: new Date(),
    })
    .where(eq(mailboxes.id, mailboxId));
}
