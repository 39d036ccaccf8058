import { and, eq, sql } from "drizzle-orm";
import { pauseCampaignsLeftWithoutMailboxes } from "@/lib/campaigns/pause-campaigns-left-without-mailboxes";
import type { Db } from "@/lib/db/client";
import { campaignLeads, mailboxes, sentEmails } from "@/lib/db/schema";
import { suppressLead } from "@/lib/leads/suppress-lead";
import type { logger } from "@/lib/logger";
import { recordAuthFailure } from "@/lib/mailboxes/auth-failures";
import { nextGap } from "@/lib/mailboxes/capacity";
import { retireMailboxTransport } from "@/lib/mailboxes/mailbox-transport-pool";
import { reportMailboxStopped } from "@/lib/mailboxes/report-mailbox-stopped";
import { describeBounce } from "./bounce-reason";
import type { ClaimedEmail } from "./claim-email";
import { recordEvent } from "./record-event";
import {
  giveUp,
  MAX_ATTEMPTS,
  RETRY_DELAY_SECONDS,
  RETRY_MAX_DELAY_SECONDS,
  type SendOutcome,
  unqueue,
} from "./release-email";

export type SmtpError = Error & { responseCode?: number; command?: string; code?: string; response?: string };

export type SmtpFailureKind = "recipient" | "sender" | "auth" | "temporary";

/**
 * Whom a failed SMTP conversation blames. Only a 5xx to RCPT TO saying the address or its domain
 * does not exist refuses the recipient (the lead bounces); a failed login is the mailbox's password or token; any other 5xx — at the greeting,
 * MAIL FROM or DATA, such as Microsoft 365's `5.7.60 SendAsDenied` — refuses us as the sender,
 * and every lead tried would be wrongly suppressed if it counted as a bounce. 4xx and network
 * errors are temporary.
 */
export function classifySmtpError(err: SmtpError): SmtpFailureKind {
  const code = err.responseCode ?? 0;
  if (err.code === "EAUTH" || code === 535 || code === 534) return "auth";
  if (code < 500 || code >= 600) return "temporary";
  if (err.command !== "RCPT TO") return "sender";
  // A 5xx to RCPT TO is read like a bounce notice (bounce-reason.ts): only an address or domain
  // that does not exist bounces the lead. A full mailbox, a message too large, a rate limit
  // ("552 5.2.2 mailbox full") are soft: tried again later like a 4xx. A refusal of us ("550 5.7.1
  // client host blocked using Spamhaus") is a block: the sender's problem, never the lead's.
  const { type } = describeBounce({
    dsnStatus: null,
    diagnostic: err.response ?? err.message,
    smtpCode: String(code),
    temporary: false,
  });
  return type === "hard" ? "recipient" : type === "block" ? "sender" : "temporary";
}

/**
 * Act on an SMTP failure of a claimed email; every change is conditional on its `sending` state.
 * `streamed`: the whole message had been written to the server (see trackStreamed).
 */
export async function handleSendFailure(
  db: Db,
  email: ClaimedEmail,
  ctx: { err: SmtpError; now: Date; log: typeof logger; streamed?: boolean },
): Promise<SendOutcome> {
  const { err, now, log } = ctx;
  const { sent, cl, lead } = email;
  const code = err.responseCode ?? 0;
  const message = (err.response ?? err.message).slice(0, 500);
  if (ctx.streamed && !code) {
    // The message went out whole and the connection ended before the server's reply (a drop, a
    // timeout): the server may have accepted it. Retrying could send it twice, so the row stays
    // `sending` and the recovery sweep decides from evidence (recoverStuckSends).
    await db
      .update(sentEmails)
      .set({ error: `connection lost after the message was sent, before the server answered: ${message}` })
      .where(and(eq(sentEmails.id, sent.id), eq(sentEmails.status, "sending")));
    log.warn({ err: err.code, response: message }, "connection lost after DATA: left for the recovery sweep");
    return "uncertain";
  }
  switch (classifySmtpError(err)) {
    case "recipient": {
      const bounced = await db.transaction(async (tx) => {
        const [row] = await tx
          .update(sentEmails)
          .set({ status: "bounced", error: message, smtpResponse: message })
          .where(and(eq(sentEmails.id, sent.id), eq(sentEmails.status, "sending")))
          .returning({ id: sentEmails.id });
        if (!row) return false;
        await tx
          .update(campaignLeads)
          .set({ status: "bounced", stoppedReason: `bounced: ${message}`, lastSentAt: now, updatedAt: now })
          .where(and(eq(campaignLeads.id, cl.id), eq(campaignLeads.status, "sending")));
        await suppressLead(tx, {
          workspaceId: lead.workspaceId,
          email: lead.email,
          reason: "bounced",
          source: `smtp ${code}`,
        });
        await recordEvent(tx, sent, "bounce", now);
        return true;
      });
      log.warn({ code, response: message, recorded: bounced }, "recipient refused: lead bounced");
      return "bounced";
    }
    case "sender": {
      // the receiving server refuses this mailbox, not the lead: pause it with the reason shown,
      // put the email back, and leave the lead as it was
      retireMailboxTransport(sent.mailboxId!);
      const reason = `SMTP server refused the sender at ${err.command ?? "connection"}: ${message}`;
      await db.transaction(async (tx) => {
        const [paused] = await tx
          .update(mailboxes)
          .set({ status: "paused", statusReason: reason, updatedAt: now })
          .where(and(eq(mailboxes.id, sent.mailboxId!), eq(mailboxes.status, "active")))
          .returning({ workspaceId: mailboxes.workspaceId, email: mailboxes.email });
        if (paused) {
          await reportMailboxStopped(tx, { ...paused, mailboxId: sent.mailboxId!, status: "paused", reason });
          await pauseCampaignsLeftWithoutMailboxes(tx, {
            mailboxId: sent.mailboxId!,
            email: paused.email,
            reason,
          });
        }
        await unqueue(tx, sent.id, cl.id, "queued");
      });
      log.warn(
        { code, command: err.command, response: message },
        "sender refused: mailbox paused, email put back",
      );
      return "requeued";
    }
    case "auth": {
      // the mailbox, not the lead: put the email back and count the failure
      retireMailboxTransport(sent.mailboxId!);
      await unqueue(db, sent.id, cl.id, "queued");
      const counted = await recordAuthFailure(db, sent.mailboxId!, `SMTP login failed: ${message}`);
      if (counted.stopped) {
        const { email, reason } = counted.stopped;
        await db.transaction((tx) =>
          pauseCampaignsLeftWithoutMailboxes(tx, {
            mailboxId: sent.mailboxId!,
            email,
            reason,
            stoppedAs: "error",
          }),
        );
      }
      log.warn({ response: message }, "SMTP authentication failed");
      return "requeued";
    }
    case "temporary":
      return retryLater(db, email, `${code || err.code || "network"}`, message, log);
  }
}

/**
 * How long a temporary failure waits before its next attempt: 1, 2, 4, 8, 16 minutes (capped at
 * an hour), after `attempts` attempts.
 */
export function retryBackoffMs(attempts: number): number {
  return Math.min(RETRY_MAX_DELAY_SECONDS, RETRY_DELAY_SECONDS * 2 ** Math.max(0, attempts - 1)) * 1000;
}

/**
 * Nothing was accepted: put the email back, due again after a backoff in the mailbox's next free
 * slot — or give it up after MAX_ATTEMPTS. The slot is `max(now + backoff, the mailbox's next send
 * time)`, and the mailbox's next send time moves one gap past it (under the mailbox's row lock,
 * which the scheduler takes too): every email of the mailbox, retried or new, stays a gap apart,
 * and a server saying 421 is not asked again sooner. The row stays counted in the mailbox's daily
 * allowance while it waits (`queued` counts), and it is its own retry: the send loop takes it
 * when it is due. Conditional on `sending`, so it never undoes a send recorded meanwhile.
 */
export async function retryLater(
  db: Db,
  { sent, mailbox }: ClaimedEmail,
  what: string,
  message: string,
  log: typeof logger,
): Promise<SendOutcome> {
  if (sent.attempts >= MAX_ATTEMPTS) {
    await giveUp(db, sent.id, `gave up after ${sent.attempts} attempts: ${message}`);
    return "failed";
  }
  const earliest = new Date(Date.now() + retryBackoffMs(sent.attempts));
  const slot = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(sentEmails)
      .set({ status: "queued", error: message, sendAt: earliest })
      .where(and(eq(sentEmails.id, sent.id), eq(sentEmails.status, "sending")))
      .returning({ id: sentEmails.id });
    if (!row) return null;
    if (!mailbox) return earliest;
    const gapMs = nextGap(mailbox);
    const [m] = await tx
      .update(mailboxes)
      .set({
        nextSendAt: sql`greatest(${mailboxes.nextSendAt}, ${earliest.toISOString()}::timestamptz)
          + ${gapMs}::double precision * interval '1 millisecond'`,
      })
      .where(eq(mailboxes.id, mailbox.id))
      .returning({ nextSendAt: mailboxes.nextSendAt });
    const at = m?.nextSendAt ? new Date(m.nextSendAt.getTime() - gapMs) : earliest;
    if (+at !== +earliest) await tx.update(sentEmails).set({ sendAt: at }).where(eq(sentEmails.id, sent.id));
    return at;
  });
  if (!slot) return "skipped"; // recorded by another path meanwhile: nothing to retry
  log.info(
    { what, response: message, attempt: sent.attempts, retryAt: slot.toISOString() },
    "temporary failure: will retry",
  );
  return "requeued";
}
