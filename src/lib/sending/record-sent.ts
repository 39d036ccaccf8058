import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { sentEmails } from "@/lib/db/schema";
import type { logger } from "@/lib/logger";
import type { ClaimedEmail } from "./claim-email";

/** Waits between attempts to record an accepted email: about 18 s in all, well inside the job's expiry. */
export const RECORD_RETRY_DELAYS_MS = [100, 500, 2_000, 5_000, 10_000];

export class AcceptedNotRecordedError extends Error {}

/**
 * The server accepted the email (250): record it. Nothing here may lead to a second send, so a
 * database error is retried for this bookkeeping alone, never for the send; if it still fails the
 * row stays `sending`, which no sender touches again (AcceptedNotRecordedError).
 *
 * One statement, one commit: the row `sent`, the lead on to its next step (or completed) in the
 * thread this email started or continued, a `sent` event, the mailbox's last send. Each change is
 * conditional on the state it expects: a lead stopped meanwhile (a reply, an unsubscribe) stays
 * stopped. Safe to repeat: a retry after a commit whose answer was lost changes nothing.
 */
export async function recordSent(
  db: Db,
  email: ClaimedEmail,
  x: { subject: string; response: string; now: Date; log: typeof logger; retryDelaysMs?: number[] },
): Promise<void> {
  const delays = x.retryDelaysMs ?? RECORD_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const found = await recordOnce(db, email, x);
      if (found !== "recorded" && found !== "sent")
        x.log.warn({ status: found }, "email accepted while its row changed: recorded nothing");
      return;
    } catch (err) {
      if (attempt >= delays.length) {
        x.log.error({ err }, "email accepted by the server but not recorded: left `sending`, never resent");
        throw new AcceptedNotRecordedError(
          `accepted by the server, not recorded after ${attempt + 1} attempts: ${(err as Error).message}`,
        );
      }
      x.log.warn({ err, attempt: attempt + 1 }, "email accepted; recording it failed, trying again");
      await sleep(delays[attempt]);
    }
  }
}

async function recordOnce(
  db: Db,
  { sent, cl, step, hasNextStep, nextStepDelayMinutes }: ClaimedEmail,
  x: { subject: string; response: string; now: Date },
): Promise<string> {
  const now = x.now;
  // the first email of a thread (or a new-thread step) starts the thread follow-ups answer
  const startsThread = !sent.inReplyTo;
  const nextSendAt = hasNextStep ? new Date(now.getTime() + (nextStepDelayMinutes ?? 0) * 60_000) : null;
  const result = await db.execute<{ recorded: number }>(sql`
    with s as (
      update sent_emails
      set status = 'sent', sent_at = ${now}, subject = ${x.subject}, error = null,
        smtp_response = ${x.response.slice(0, 500)}
      where id = ${sent.id} and status = 'sending'
      returning id, workspace_id, campaign_id, step_id, variant_id, lead_id
    ), lead_step as (
      update campaign_leads
      set status = ${hasNextStep ? "queued" : "completed"}, next_step = ${step.position + 1},
        next_send_at = ${nextSendAt}, last_sent_at = ${now}, updated_at = ${now},
        thread_message_id = ${startsThread ? sent.messageId : cl.threadMessageId},
        thread_references = ${startsThread ? null : sent.references},
        thread_subject = ${startsThread ? x.subject : cl.threadSubject}
      where id = ${cl.id} and status = 'sending' and exists (select 1 from s)
    ), mailbox as (
      -- at most once a second: every send of a busy mailbox would otherwise queue on this one row
      update mailboxes set last_sent_at = ${now}
      where id = ${sent.mailboxId} and exists (select 1 from s)
        and (last_sent_at is null or last_sent_at < ${now}::timestamptz - interval '1 second')
    ), event as (
      insert into email_events (id, workspace_id, sent_email_id, campaign_id, step_id, variant_id, lead_id, type, created_at)
      select ${crypto.randomUUID()}, workspace_id, id, campaign_id, step_id, variant_id, lead_id, 'sent', ${now}
      from s
    )
    select count(*)::int as recorded from s`);
  if (result.rows[0]?.recorded === 1) return "recorded";
  // Nothing was `sending`: an earlier attempt committed and its answer was lost, or the row was
  // deleted (its campaign was) or changed by a person meanwhile. Retrying would change nothing.
  const [row] = await db.select({ status: sentEmails.status }).from(sentEmails).where(eq(sentEmails.id, sent.id));
  return row?.status ?? "gone";
}
