import type { SendMailOptions } from "nodemailer";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { recordAuthSuccess } from "@/lib/mailboxes/auth-failures";
import { withMailboxTransport } from "@/lib/mailboxes/mailbox-transport-pool";
import { stopMailbox } from "@/lib/mailboxes/stop-mailbox";
import { type ClaimedEmail, claimEmail } from "./claim-email";
import { composeMessage } from "./compose-message";
import { handleSendFailure, retryLater, type SmtpError } from "./handle-send-failure";
import { recordSent } from "./record-sent";
import { giveUp, type SendOutcome, unqueue } from "./release-email";
import { ON_STREAMED, trackStreamed } from "./track-streamed";

export { recordEvent } from "./record-event";
export { MAX_ATTEMPTS, type SendOutcome } from "./release-email";

/**
 * Send one queued campaign email. Safe to run twice: a row that is not `queued` is left alone, and
 * a row found `sending` (a worker died mid-send, or its bookkeeping failed) is not resent, so a lead
 * never gets the same step twice.
 *
 * Two statements per email, each shared with the sends running at the same time (one commit for
 * all of them): the claim, which reads everything the send needs, and the record after the server
 * said 250. Between them nothing is written. The SMTP connection comes from the mailbox's pool.
 * Once the server has accepted the email, a database error is retried for the bookkeeping alone
 * (recordSent): it never turns into a second send. A 5xx for the recipient bounces the lead; a 5xx
 * refusing the sender pauses the mailbox; a 4xx or a network error puts it back, due again in the
 * mailbox's next free slot after a backoff (handleSendFailure → `requeued`) — except a
 * connection lost after the whole message was written and before the server's reply, which may
 * have been a send: that row stays `sending` (`uncertain`) for recoverStuckSends to decide.
 */
export async function sendCampaignEmail(
  db: Db,
  sentEmailId: string,
  opts: SendOptions = {},
): Promise<SendOutcome> {
  const email = await claimEmail(db, sentEmailId);
  if (!email) return "skipped";
  return sendClaimedEmail(db, email, opts);
}

type SendOptions = { now?: Date; recordRetryDelaysMs?: number[] };

/** Send an email already claimed (claimEmail, or the send loop's claimDueEmails). */
export async function sendClaimedEmail(
  db: Db,
  email: ClaimedEmail,
  opts: SendOptions = {},
): Promise<SendOutcome> {
  const now = opts.now ?? new Date();
  const log = logger.child({
    sentEmailId: email.sent.id,
    campaignId: email.sent.campaignId,
    leadId: email.sent.leadId,
  });

  let message: SendMailOptions & { subject: string };
  try {
    const ready = await readyToSend(db, email, log);
    if (typeof ready === "string") return ready;
    message = ready;
  } catch (err) {
    // nothing was sent: the email goes back (or is given up after enough attempts)
    log.warn({ err }, "could not prepare the email");
    return retryLater(db, email, "preparing", (err as Error).message.slice(0, 500), log);
  }

  const { mailbox } = email;
  let response: string;
  let smtpError: SmtpError | undefined;
  // the whole message was written to the server: from then on a lost connection may have been a send
  let streamed = false;
  try {
    response = await withMailboxTransport(mailbox!, async (transport) => {
      trackStreamed(transport);
      try {
        const options = { ...message, [ON_STREAMED]: () => (streamed = true) };
        return (await transport.sendMail(options)).response;
      } catch (err) {
        smtpError = err as SmtpError;
        throw err;
      }
    });
  } catch (err) {
    if (smtpError) return handleSendFailure(db, email, { err: smtpError, now, log, streamed });
    // no transport, nothing connected
    await unqueue(db, email.sent.id, email.cl.id, "queued");
    if (err instanceof AppError && err.code === "validation") {
      // its host resolves to an address the operator does not allow: stop the mailbox with the
      // reason rather than retry every tick
      await stopMailbox(db, mailbox!.id, err.message);
      log.warn({ reason: err.message }, "mailbox host refused: sending stopped, email put back");
      return "requeued";
    }
    // no OAuth token (a revoked grant already set the mailbox to "error"), host not found
    log.warn({ err }, "no transport for the mailbox: email put back");
    return "requeued";
  }

  // Accepted (250). From here on the email is sent, whatever fails.
  await recordSent(db, email, {
    subject: message.subject,
    response,
    now,
    log,
    retryDelaysMs: opts.recordRetryDelaysMs,
  });
  if (mailbox!.authFailures > 0) await recordAuthSuccess(db, mailbox!.id).catch(() => undefined);
  log.info({ to: email.lead.email, step: email.step.position, response }, "email sent");
  return "sent";
}

/**
 * The message to send, or the outcome when it must not be sent: conditions changed since it was
 * queued (campaign or mailbox no longer active, lead stopped or suppressed) undo the queueing.
 */
async function readyToSend(
  db: Db,
  email: ClaimedEmail,
  log: typeof logger,
): Promise<(SendMailOptions & { subject: string }) | SendOutcome> {
  const { sent, campaign, cl, lead, mailbox, variant } = email;
  if (!mailbox || !variant) return giveUp(db, sent.id, "its mailbox or step variant was deleted");
  if (campaign.status !== "active" || mailbox.status !== "active") {
    await unqueue(db, sent.id, cl.id, "queued");
    log.info(
      { campaign: campaign.status, mailbox: mailbox.status },
      "not sent: campaign or mailbox no longer active",
    );
    return "requeued";
  }
  const suppressed =
    lead.status !== "active" ? lead.status : email.suppressed ? "on the suppression list" : null;
  if (suppressed || cl.status !== "sending") {
    const reason = suppressed ? `suppressed (${suppressed})` : `lead is ${cl.status}`;
    await unqueue(db, sent.id, cl.id, "stopped", reason);
    log.info({ reason }, "not sent");
    return "skipped";
  }

  return composeMessage({ ...email, mailbox, variant });
}
