import { setTimeout as sleep } from "node:timers/promises";
import { inArray } from "drizzle-orm";
import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { type SentEmail, sentEmails } from "@/lib/db/schema";
import type { logger } from "@/lib/logger";
import type { ClaimedEmail } from "./claim-email";
import { coalesce } from "./coalesce";

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
  email: SendContext,
  x: {
    subject: string;
    response: string;
    now: Date;
    log: typeof logger;
    retryDelaysMs?: number[];
    /**
     * `unknown`: the send was interrupted and nothing tells whether it arrived (recoverStuckSends).
     * Recorded the same way — never sent again, the lead on to its next step in the thread — but
     * with no `sent` event, and `response` kept as the row's error (why it is unknown).
     */
    status?: "sent" | "unknown";
  },
): Promise<void> {
  const delays = x.retryDelaysMs ?? RECORD_RETRY_DELAYS_MS;
  const record = recordOf(email, x);
  for (let attempt = 0; ; attempt++) {
    try {
      // the first try shares a statement with the records asked for at the same time; a retry
      // goes alone, so one row that cannot be recorded never holds up the others
      const found = attempt === 0 ? await recordShared(db, record) : (await recordMany(db, [record]))[0];
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

type SentRecord = ReturnType<typeof recordOf>;

/** What recording a send needs of the claimed email. */
export type SendContext = Pick<ClaimedEmail, "cl" | "step" | "hasNextStep" | "nextStepDelayMinutes"> & {
  sent: SentEmail;
};

function recordOf(
  { sent, cl, step, hasNextStep, nextStepDelayMinutes }: SendContext,
  x: { subject: string; response: string; now: Date; status?: "sent" | "unknown" },
) {
  // the first email of a thread (or a new-thread step) starts the thread follow-ups answer
  const startsThread = !sent.inReplyTo;
  return {
    id: sent.id,
    status: x.status ?? "sent",
    sentAt: x.now.toISOString(),
    subject: x.subject,
    response: x.response.slice(0, 500),
    campaignLeadId: cl.id,
    leadStatus: hasNextStep ? "queued" : "completed",
    nextStep: step.position + 1,
    nextSendAt: hasNextStep
      ? new Date(x.now.getTime() + (nextStepDelayMinutes ?? 0) * 60_000).toISOString()
      : null,
    threadMessageId: startsThread ? sent.messageId : cl.threadMessageId,
    threadReferences: startsThread ? null : sent.references,
    threadSubject: startsThread ? x.subject : cl.threadSubject,
    mailboxId: sent.mailboxId,
    eventId: crypto.randomUUID(),
  };
}

const COLUMNS = [
  ["id", "text"],
  ["status", "text"],
  ["sentAt", "timestamptz"],
  ["subject", "text"],
  ["response", "text"],
  ["campaignLeadId", "text"],
  ["leadStatus", "text"],
  ["nextStep", "int"],
  ["nextSendAt", "timestamptz"],
  ["threadMessageId", "text"],
  ["threadReferences", "text"],
  ["threadSubject", "text"],
  ["mailboxId", "text"],
  ["eventId", "text"],
] as const satisfies readonly (readonly [keyof SentRecord, string])[];

/**
 * One statement, one commit for many emails: each row `sent` (or `unknown`), its lead on to the next step (or
 * completed) in the thread this email started or continued, a `sent` event, the mailboxes' last
 * send. Every change is conditional on the state it expects: a lead stopped meanwhile (a reply,
 * an unsubscribe) stays stopped. Safe to repeat: after a commit whose answer was lost, a retry
 * changes nothing. Returns, per record, "recorded" or the status its row has instead.
 */
const RECORD_SQL = `
  with input as (
    select * from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
      as t(id, status, sent_at, subject, response, campaign_lead_id, lead_status, next_step, next_send_at,
        thread_message_id, thread_references, thread_subject, mailbox_id, event_id)
  ), s as (
    update sent_emails e
    set status = i.status, sent_at = i.sent_at, subject = i.subject,
      error = case when i.status = 'sent' then null else i.response end,
      smtp_response = case when i.status = 'sent' then i.response end
    from input i
    where e.id = i.id and e.status = 'sending'
    returning e.id, e.workspace_id, e.campaign_id, e.step_id, e.variant_id, e.lead_id
  ), lead_step as (
    update campaign_leads cl
    set status = i.lead_status, next_step = i.next_step, next_send_at = i.next_send_at,
      last_sent_at = i.sent_at, updated_at = i.sent_at, thread_message_id = i.thread_message_id,
      thread_references = i.thread_references, thread_subject = i.thread_subject
    from input i join s on s.id = i.id
    where cl.id = i.campaign_lead_id and cl.status = 'sending'
  ), mailbox as (
    -- at most once a second, and never waiting for the row: every send of a busy mailbox would
    -- otherwise queue on it (and two workers could deadlock on two mailboxes)
    update mailboxes m set last_sent_at = x.sent_at
    from (select i.mailbox_id, max(i.sent_at) as sent_at from input i join s on s.id = i.id
          group by i.mailbox_id) x
    where m.id = x.mailbox_id and m.id in (
      select b.id from mailboxes b
      where b.id in (select mailbox_id from input)
        and (b.last_sent_at is null or b.last_sent_at < (select max(sent_at) from input) - interval '1 second')
      for update skip locked)
  ), event as (
    insert into email_events (id, workspace_id, sent_email_id, campaign_id, step_id, variant_id, lead_id, type, created_at)
    select i.event_id, s.workspace_id, s.id, s.campaign_id, s.step_id, s.variant_id, s.lead_id, 'sent', i.sent_at
    from s join input i on i.id = s.id
    where i.status = 'sent'
  )
  select id from s`;

async function recordMany(db: Db, records: SentRecord[]): Promise<string[]> {
  const client = (db as Db & { $client: Pick<pg.Pool, "query"> }).$client; // drizzle's pool
  // a named statement: prepared once per connection, planned once
  const result = await client.query<{ id: string }>({
    name: "record_sent",
    text: RECORD_SQL,
    values: COLUMNS.map(([key]) => records.map((r) => r[key])),
  });
  const recorded = new Set(result.rows.map((r) => r.id));
  const missing = records.filter((r) => !recorded.has(r.id)).map((r) => r.id);
  // Nothing was `sending`: an earlier attempt committed and its answer was lost, or the row was
  // deleted (its campaign was) or changed by a person meanwhile. Retrying would change nothing.
  const found = missing.length
    ? new Map(
        (
          await db
            .select({ id: sentEmails.id, status: sentEmails.status })
            .from(sentEmails)
            .where(inArray(sentEmails.id, missing))
        ).map((r) => [r.id, r.status as string]),
      )
    : new Map<string, string>();
  return records.map((r) => (recorded.has(r.id) ? "recorded" : (found.get(r.id) ?? "gone")));
}

const recordShared = coalesce(recordMany);
