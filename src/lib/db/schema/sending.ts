import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { campaignLeads, campaigns } from "./campaigns";
import { cascadeRef, createdAt, id, oneOf } from "./columns";
import { workspaceRef } from "./workspaces";

/**
 * `unknown`: a send was interrupted after the message may have reached the server (a worker
 * killed between the SMTP DATA and the commit, or the connection lost after the message was
 * written) and nothing could tell whether it arrived. Never sent again; its lead moved on as if it
 * was sent (src/lib/sending/recover-stuck-sends.ts).
 */
export const sentEmailStatuses = ["queued", "sending", "sent", "failed", "bounced", "unknown"] as const;
export type SentEmailStatus = (typeof sentEmailStatuses)[number];

/**
 * One email of a campaign to a lead. Unique per campaign-lead and step: a step can never be sent
 * twice, however many schedulers or workers run. `messageId` is ours (set before sending);
 * `providerMessageId` is what the provider replaced it with, when it does (Microsoft 365).
 */
export const sentEmails = pgTable(
  "sent_emails",
  {
    id: id(),
    // The workspace, campaign and lead are the campaign lead's, copied for the queries that filter
    // on them, and carry no foreign key of their own: each key check costs the scheduler a lookup
    // per queued email, and they would add nothing. The one writer (writeClaims) takes all three
    // from the campaign_leads row it inserts for, in the same statement, and a campaign lead never
    // changes them; so deleting a workspace, campaign or lead deletes its campaign leads, and those
    // cascade here through campaign_lead_id.
    workspaceId: text("workspace_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    campaignLeadId: cascadeRef("campaign_lead_id", () => campaignLeads.id),
    leadId: text("lead_id").notNull(),
    // The step, variant and mailbox carry no foreign key either (migration 0020): three key checks
    // an email were a quarter of the tick's insert. The writer locks each step, variant and
    // mailbox it refers to once per tick instead (KEY SHARE; the mailboxes are already locked), so
    // none can be deleted under it, and their ON DELETE actions are statement triggers there:
    // a step's delete deletes its emails, a variant's or a mailbox's sets the column to null.
    stepId: text("step_id").notNull(),
    variantId: text("variant_id"),
    mailboxId: text("mailbox_id"),
    status: text("status").$type<SentEmailStatus>().notNull().default("queued"),
    messageId: text("message_id").notNull(),
    providerMessageId: text("provider_message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references"),
    fromEmail: text("from_email").notNull(),
    toEmail: text("to_email").notNull(),
    subject: text("subject"),
    attempts: integer("attempts").notNull().default(0),
    /**
     * When the email is due: the time the scheduler planned for it, or a retry's slot. A `queued`
     * row is its own send job: the worker's send loop claims due rows in this order.
     */
    sendAt: timestamp("send_at", { withTimezone: true }),
    /** when the current (or last) send attempt claimed the row: how long it has been `sending` */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    error: text("error"),
    smtpResponse: text("smtp_response"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sent_emails_campaign_lead_step_idx").on(t.campaignLeadId, t.stepId),
    uniqueIndex("sent_emails_message_id_idx").on(t.messageId),
    // Partial where the column is null until later (a reply's provider id, the send time), so the
    // scheduler's insert of a queued row writes no entry to them; every query on them names a
    // value, which implies not null. (A campaign's rows by campaign_id: the created_at index below.)
    index("sent_emails_provider_message_id_idx")
      .on(t.providerMessageId)
      .where(sql`provider_message_id is not null`),
    index("sent_emails_mailbox_sent_at_idx").on(t.mailboxId, t.sentAt).where(sql`sent_at is not null`),
    // today's counts for the scheduler (a mailbox's daily limit, a campaign's daily cap) count
    // rows by when they were queued, which sent_at (null until sent) cannot serve
    index("sent_emails_mailbox_created_idx").on(t.mailboxId, t.createdAt),
    index("sent_emails_campaign_created_idx").on(t.campaignId, t.createdAt),
    // the send loop's queue: queued emails, earliest due first
    index("sent_emails_due_idx").on(t.sendAt).where(sql`status = 'queued'`),
    // the per-minute scan for sends interrupted mid-way (recoverStuckSends)
    index("sent_emails_sending_idx").on(t.claimedAt).where(sql`status = 'sending'`),
    // reply linking by sender (a lead's latest send from one mailbox) and every lookup by lead
    index("sent_emails_lead_mailbox_sent_at_idx").on(t.leadId, t.mailboxId, t.sentAt),
    oneOf("sent_emails_status_check", t.status, sentEmailStatuses),
  ],
);
export type SentEmail = typeof sentEmails.$inferSelect;

export const emailEventTypes = [
  "sent",
  "open",
  "click",
  "reply",
  "bounce",
  "unsubscribe",
  "complaint",
] as const;
export type EmailEventType = (typeof emailEventTypes)[number];

/** What happened to sent emails, for analytics per campaign, step and variant, over time. */
export const emailEvents = pgTable(
  "email_events",
  {
    id: id(),
    workspaceId: workspaceRef(),
    sentEmailId: cascadeRef("sent_email_id", () => sentEmails.id),
    campaignId: cascadeRef("campaign_id", () => campaigns.id),
    stepId: text("step_id"),
    variantId: text("variant_id"),
    leadId: text("lead_id").notNull(),
    type: text("type").$type<EmailEventType>().notNull(),
    url: text("url"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_events_campaign_type_idx").on(t.campaignId, t.type, t.createdAt),
    index("email_events_sent_email_idx").on(t.sentEmailId),
    oneOf("email_events_type_check", t.type, emailEventTypes),
  ],
);
export type EmailEvent = typeof emailEvents.$inferSelect;
