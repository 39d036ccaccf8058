import { and, eq, inArray, sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { Db } from "@/lib/db/client";
import { sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { readSendingEmails } from "./claim-email";
import { filesSentCopies, findInSentFolder } from "./find-in-sent-folder";
import { recordSent } from "./record-sent";
import { renderCampaignEmail } from "./render-email";

/** Without evidence (the Sent folder cannot be read) for this long, an email is given up as unknown. */
const EVIDENCE_GIVE_UP_MS = 60 * 60_000;

export type RecoveryResult = { sent: number; requeued: number; unknown: number; waiting: number };

type Stuck = Awaited<ReturnType<typeof readSendingEmails>>[number];

/**
 * Decide the emails left `sending` by a send that never finished: a worker killed between the
 * SMTP DATA and the commit, or a connection lost after the message was written (handleSendFailure
 * leaves those). A row is stuck once it has been `sending` longer than the grace period — longer
 * than any send can take (SMTP timeouts, the pool's queue, recordSent's retries) — so no worker is
 * still on it: a send claims its row when it starts. Then, from evidence:
 *
 * - Gmail and Microsoft 365 file a copy of every email sent over SMTP in the Sent folder: found
 *   there (by our Message-ID or X-Sent-Email-ID) → recorded sent, as the send would have (lead on to
 *   its next step, `sent` event, counters); absent → it was never accepted: back to `queued`, and
 *   sent again.
 * - Any other mailbox (or one deleted since) has no evidence: `unknown`, never sent again, and the
 *   lead moves on as if it was sent (the sequence continues and follow-ups thread on it), so the
 *   campaign can complete; the campaign page counts these emails. A Sent folder that cannot be read
 *   is tried again each sweep, and after an hour the email is given up as `unknown` too.
 *
 * Safe on any number of workers at once: every change is conditional on `sending`.
 */
export async function recoverStuckSends(
  db: Db,
  opts: { graceMs?: number; limit?: number } = {},
): Promise<RecoveryResult> {
  const graceMs = opts.graceMs ?? env().SEND_RECOVERY_GRACE_SECONDS * 1000;
  const grace = sql`make_interval(secs => ${graceMs / 1000})`;
  const rows = await db
    .select({ id: sentEmails.id, claimedAt: sentEmails.claimedAt, createdAt: sentEmails.createdAt })
    .from(sentEmails)
    .where(
      and(
        eq(sentEmails.status, "sending"),
        // rows claimed before claimed_at existed count from when they were queued
        sql`coalesce(${sentEmails.claimedAt}, ${sentEmails.createdAt}) < now() - ${grace}`,
      ),
    )
    .limit(opts.limit ?? 500);
  const result: RecoveryResult = { sent: 0, requeued: 0, unknown: 0, waiting: 0 };
  if (!rows.length) return result;
  const since = new Map(rows.map((r) => [r.id, r.claimedAt ?? r.createdAt]));
  const stuck = await readSendingEmails(
    db,
    rows.map((r) => r.id),
  );

  const byMailbox = new Map<string, Stuck[]>();
  const noEvidence: Stuck[] = [];
  for (const email of stuck) {
    if (email.mailbox && filesSentCopies(email.mailbox)) {
      const list = byMailbox.get(email.mailbox.id) ?? [];
      list.push(email);
      byMailbox.set(email.mailbox.id, list);
    } else noEvidence.push(email);
  }

  const requeue: string[] = [];
  for (const emails of byMailbox.values()) {
    const mailbox = emails[0]!.mailbox!;
    const log = logger.child({ component: "send-recovery", mailboxId: mailbox.id });
    let evidence: Awaited<ReturnType<typeof findInSentFolder>>;
    try {
      evidence = await findInSentFolder(
        mailbox,
        emails.map((e) => ({ id: e.sent.id, messageId: e.sent.messageId })),
      );
    } catch (err) {
      const old = emails.filter((e) => Date.now() - +since.get(e.sent.id)! > EVIDENCE_GIVE_UP_MS);
      log.warn(
        { err: (err as Error).message, givenUp: old.length },
        "Sent folder unreadable: no evidence yet",
      );
      noEvidence.push(...old);
      result.waiting += emails.length - old.length;
      continue;
    }
    if (!evidence) {
      log.warn("mailbox has no Sent folder: interrupted sends are unknown");
      noEvidence.push(...emails);
      continue;
    }
    for (const email of emails) {
      if (evidence.found.has(email.sent.id)) {
        await recordSent(db, email, {
          subject: subjectOf(email),
          response: `found in ${evidence.folder} after an interrupted send`,
          now: new Date(),
          log: log.child({ sentEmailId: email.sent.id }),
          retryDelaysMs: [],
        });
        result.sent++;
        log.info({ sentEmailId: email.sent.id }, "interrupted send found in the Sent folder: recorded sent");
      } else requeue.push(email.sent.id);
    }
  }

  if (requeue.length) {
    // not in the Sent folder of a provider that files every send: never accepted, send it again
    const back = await db
      .update(sentEmails)
      .set({
        status: "queued",
        sendAt: sql`now()`,
        error: "interrupted send, not found in the Sent folder: sent again",
      })
      .where(and(inArray(sentEmails.id, requeue), eq(sentEmails.status, "sending")))
      .returning({ id: sentEmails.id });
    result.requeued = back.length;
    if (back.length)
      logger.info({ requeued: back.length }, "interrupted sends not in the Sent folder: queued again");
  }

  for (const email of noEvidence) {
    await recordSent(db, email, {
      subject: subjectOf(email),
      response:
        "interrupted after the message may have reached the server, and nothing tells whether it arrived: not sent again",
      now: new Date(),
      log: logger.child({ component: "send-recovery", sentEmailId: email.sent.id }),
      retryDelaysMs: [],
      status: "unknown",
    });
    result.unknown++;
  }
  if (noEvidence.length) logger.warn({ unknown: noEvidence.length }, "interrupted sends marked unknown");
  return result;
}

/** The subject the send used (rendering is deterministic per lead and step); follow-ups answer it. */
function subjectOf(email: Stuck): string {
  const { campaign, cl, lead, mailbox, sent, variant } = email;
  if (!variant || !mailbox) return cl.threadSubject ?? "";
  return renderCampaignEmail({
    campaign,
    campaignLead: cl,
    lead,
    mailbox,
    sent,
    variant,
    trackingBase: env().APP_URL,
  }).subject;
}
