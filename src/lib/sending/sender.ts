import { and, eq, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { env } from "@/lib/config/env";
import { decryptSecret } from "@/lib/crypto";
import type { Db, DbOrTx } from "@/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  domains,
  emailEvents,
  leads,
  type Mailbox,
  mailboxes,
  sentEmails,
  stepVariants,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { isSuppressed } from "@/lib/leads/is-suppressed";
import { suppressLead } from "@/lib/leads/suppress-lead";
import { logger } from "@/lib/logger";
import { recordAuthFailure, recordAuthSuccess } from "@/lib/mailboxes/auth-failures";
import { createMailboxTransport } from "@/lib/mailboxes/create-mailbox-transport";
import { stopMailbox } from "@/lib/mailboxes/stop-mailbox";
import { renderCampaignEmail } from "./render-email";

/** After this many temporary failures an email is given up (the job retries with backoff before). */
export const MAX_ATTEMPTS = 6;

export type SendOutcome = "sent" | "bounced" | "skipped" | "requeued" | "failed";

export class TemporarySendError extends Error {}

/**
 * Send one queued campaign email. Safe to run twice: a row that is not `queued` is left alone,
 * and a row found `sending` (a worker died mid-send) is not resent, so a lead never gets the
 * same step twice. SMTP 5xx for the recipient → bounced (lead suppressed, sequence stopped);
 * 4xx or a network error → TemporarySendError, retried by the job's backoff.
 */
export async function sendCampaignEmail(
  db: Db,
  sentEmailId: string,
  opts: { now?: Date; openTransport?: (m: Mailbox) => Promise<Transporter> } = {},
): Promise<SendOutcome> {
  const now = opts.now ?? new Date();
  const claimed = await db
    .update(sentEmails)
    .set({ status: "sending", attempts: sql`${sentEmails.attempts} + 1` })
    .where(and(eq(sentEmails.id, sentEmailId), eq(sentEmails.status, "queued")))
    .returning();
  const sent = claimed[0];
  if (!sent) return "skipped";
  const log = logger.child({ sentEmailId, campaignId: sent.campaignId, leadId: sent.leadId });

  const [row] = await db
    .select({ campaign: campaigns, cl: campaignLeads, lead: leads, mailbox: mailboxes, step: campaignSteps })
    .from(sentEmails)
    .innerJoin(campaigns, eq(campaigns.id, sentEmails.campaignId))
    .innerJoin(campaignLeads, eq(campaignLeads.id, sentEmails.campaignLeadId))
    .innerJoin(leads, eq(leads.id, sentEmails.leadId))
    .innerJoin(mailboxes, eq(mailboxes.id, sentEmails.mailboxId))
    .innerJoin(campaignSteps, eq(campaignSteps.id, sentEmails.stepId))
    .where(eq(sentEmails.id, sentEmailId));
  const [variant] = sent.variantId
    ? await db.select().from(stepVariants).where(eq(stepVariants.id, sent.variantId))
    : [];
  if (!row || !variant) return giveUp(db, sent.id, "its campaign, step, lead or mailbox was deleted");
  const { campaign, cl, lead, mailbox, step } = row;

  // Conditions that changed since it was queued: undo the queueing, nothing is sent.
  if (campaign.status !== "active" || mailbox.status !== "active") {
    await unqueue(db, sent.id, cl.id, cl.status === "sending" ? "queued" : cl.status);
    log.info(
      { campaign: campaign.status, mailbox: mailbox.status },
      "not sent: campaign or mailbox no longer active",
    );
    return "requeued";
  }
  const suppressed =
    lead.status !== "active"
      ? lead.status
      : (await isSuppressed(db, lead.workspaceId, lead.email))
        ? "on the suppression list"
        : null;
  if (suppressed || cl.status !== "sending") {
    const reason = suppressed ? `suppressed (${suppressed})` : `lead is ${cl.status}`;
    await unqueue(db, sent.id, cl.id, cl.status === "sending" ? "stopped" : cl.status, reason);
    log.info({ reason }, "not sent");
    return "skipped";
  }

  const [domain] = await db
    .select()
    .from(domains)
    .where(
      and(
        eq(domains.workspaceId, lead.workspaceId),
        eq(domains.name, mailbox.email.split("@")[1]!.toLowerCase()),
      ),
    );
  const trackingBase = domain?.trackingHost ? `https://${domain.trackingHost}` : env().APP_URL;
  const email = renderCampaignEmail({
    campaign,
    campaignLead: cl,
    lead,
    mailbox,
    sent,
    variant,
    trackingBase,
  });

  let transport: Transporter;
  try {
    transport = await (opts.openTransport ?? createMailboxTransport)(mailbox);
  } catch (err) {
    // no OAuth token (a revoked grant already set the mailbox to "error"): put the email back
    await unqueue(db, sent.id, cl.id, "queued");
    if (err instanceof AppError && err.code === "validation") {
      // its host resolves to an address the operator does not allow: nothing was connected; stop
      // the mailbox with the reason rather than retry every tick
      await stopMailbox(db, mailbox.id, err.message);
      log.warn({ reason: err.message }, "mailbox host refused: sending stopped, email put back");
      return "requeued";
    }
    log.warn({ err }, "no transport for the mailbox: email put back");
    return "requeued";
  }
  try {
    const info = await transport.sendMail({
      from: { name: mailbox.fromName || mailbox.email, address: mailbox.email },
      to: lead.email,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: sent.messageId,
      inReplyTo: sent.inReplyTo ?? undefined,
      references: sent.references ?? undefined,
      headers: {
        "X-Campaign-ID": campaign.id,
        "X-Lead-ID": lead.id,
        "List-Unsubscribe": `<${email.unsubscribeUrl}>, <mailto:${mailbox.email}?subject=unsubscribe>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      dkim:
        domain?.dkimPrivateKeyEnc && domain.dkimSelector
          ? {
              domainName: domain.name,
              keySelector: domain.dkimSelector,
              privateKey: decryptSecret(domain.dkimPrivateKeyEnc),
            }
          : undefined,
    });
    await markSent(db, {
      sent,
      cl,
      campaignId: campaign.id,
      stepPosition: step.position,
      subject: email.subject,
      now,
    });
    await db.update(mailboxes).set({ lastSentAt: now }).where(eq(mailboxes.id, mailbox.id));
    if (mailbox.authFailures > 0) await recordAuthSuccess(db, mailbox.id);
    log.info({ to: lead.email, step: step.position, response: info.response }, "email sent");
    return "sent";
  } catch (err) {
    return handleSendError(db, { err: err as SmtpError, sent, cl, lead, now, log });
  } finally {
    transport.close();
  }
}

type SmtpError = Error & { responseCode?: number; command?: string; code?: string; response?: string };

async function handleSendError(
  db: Db,
  ctx: {
    err: SmtpError;
    sent: typeof sentEmails.$inferSelect;
    cl: typeof campaignLeads.$inferSelect;
    lead: typeof leads.$inferSelect;
    now: Date;
    log: typeof logger;
  },
): Promise<SendOutcome> {
  const { err, sent, cl, lead, now, log } = ctx;
  const code = err.responseCode ?? 0;
  const message = (err.response ?? err.message).slice(0, 500);
  if (
    code >= 500 &&
    code < 600 &&
    err.code !== "EAUTH" &&
    err.command !== "AUTH PLAIN" &&
    err.command !== "AUTH LOGIN"
  ) {
    // the server refused this recipient (or this message) for good
    await db.transaction(async (tx) => {
      await tx
        .update(sentEmails)
        .set({ status: "bounced", error: message, smtpResponse: message })
        .where(eq(sentEmails.id, sent.id));
      await tx
        .update(campaignLeads)
        .set({ status: "bounced", stoppedReason: `bounced: ${message}`, lastSentAt: now, updatedAt: now })
        .where(eq(campaignLeads.id, cl.id));
      await suppressLead(tx, {
        workspaceId: lead.workspaceId,
        email: lead.email,
        reason: "bounced",
        source: `smtp ${code}`,
      });
      await recordEvent(tx, sent, "bounce", now);
    });
    log.warn({ code, response: message }, "recipient refused: lead bounced");
    return "bounced";
  }
  if (err.code === "EAUTH" || code === 535 || code === 534) {
    // the mailbox, not the lead: put the email back and count the failure
    await unqueue(db, sent.id, cl.id, "queued");
    await recordAuthFailure(db, sent.mailboxId!, `SMTP login failed: ${message}`);
    log.warn({ response: message }, "SMTP authentication failed");
    return "requeued";
  }
  if (sent.attempts >= MAX_ATTEMPTS) {
    await giveUp(db, sent.id, `gave up after ${sent.attempts} attempts: ${message}`);
    return "failed";
  }
  await db.update(sentEmails).set({ status: "queued", error: message }).where(eq(sentEmails.id, sent.id));
  log.info({ code, response: message, attempt: sent.attempts }, "temporary failure: will retry");
  throw new TemporarySendError(`temporary failure (${code || err.code || "network"}): ${message}`);
}

async function markSent(
  db: Db,
  x: {
    sent: typeof sentEmails.$inferSelect;
    cl: typeof campaignLeads.$inferSelect;
    campaignId: string;
    stepPosition: number;
    subject: string;
    now: Date;
  },
) {
  await db.transaction(async (tx) => {
    await tx
      .update(sentEmails)
      .set({ status: "sent", sentAt: x.now, subject: x.subject, error: null })
      .where(eq(sentEmails.id, x.sent.id));
    const [next] = await tx
      .select()
      .from(campaignSteps)
      .where(and(eq(campaignSteps.campaignId, x.campaignId), eq(campaignSteps.position, x.stepPosition + 1)));
    // the first email of a thread (or a new-thread step) starts the thread follow-ups answer
    const startsThread = !x.sent.inReplyTo;
    await tx
      .update(campaignLeads)
      .set({
        status: next ? "queued" : "completed",
        nextStep: x.stepPosition + 1,
        nextSendAt: next ? new Date(x.now.getTime() + next.delayMinutes * 60_000) : null,
        lastSentAt: x.now,
        updatedAt: x.now,
        ...(startsThread
          ? { threadMessageId: x.sent.messageId, threadReferences: null, threadSubject: x.subject }
          : { threadReferences: x.sent.references }),
      })
      .where(and(eq(campaignLeads.id, x.cl.id), eq(campaignLeads.status, "sending")));
    await recordEvent(tx, x.sent, "sent", x.now);
  });
}

/** Remove a queued row that will not be sent, and set the lead's state. */
async function unqueue(
  db: DbOrTx,
  sentEmailId: string,
  campaignLeadId: string,
  status: string,
  reason?: string,
) {
  await db.transaction(async (tx) => {
    await tx.delete(sentEmails).where(eq(sentEmails.id, sentEmailId));
    await tx
      .update(campaignLeads)
      .set({
        status: status as "queued",
        ...(reason ? { stoppedReason: reason } : {}),
        updatedAt: new Date(),
      })
      .where(eq(campaignLeads.id, campaignLeadId));
  });
}

async function giveUp(db: DbOrTx, sentEmailId: string, reason: string): Promise<SendOutcome> {
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(sentEmails)
      .set({ status: "failed", error: reason })
      .where(eq(sentEmails.id, sentEmailId))
      .returning();
    if (s) {
      await tx
        .update(campaignLeads)
        .set({ status: "stopped", stoppedReason: reason, updatedAt: new Date() })
        .where(eq(campaignLeads.id, s.campaignLeadId));
    }
  });
  return "failed";
}

export async function recordEvent(
  db: DbOrTx,
  sent: Pick<
    typeof sentEmails.$inferSelect,
    "id" | "workspaceId" | "campaignId" | "stepId" | "variantId" | "leadId"
  >,
  type: (typeof emailEvents.$inferInsert)["type"],
  at: Date,
  extra: { url?: string; userAgent?: string } = {},
) {
  await db.insert(emailEvents).values({
    id: crypto.randomUUID(),
    workspaceId: sent.workspaceId,
    sentEmailId: sent.id,
    campaignId: sent.campaignId,
    stepId: sent.stepId,
    variantId: sent.variantId,
    leadId: sent.leadId,
    type,
    createdAt: at,
    ...extra,
  });
}
