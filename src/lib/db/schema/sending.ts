import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { campaignLeads, campaignSteps, campaigns, stepVariants } from "./campaigns";
import { leads } from "./leads";
import { mailboxes } from "./mailboxes";
import { workspaces } from "./workspaces";

export const sentEmailStatuses = ["queued", "sending", "sent", "failed", "bounced"] as const;
export type SentEmailStatus = (typeof sentEmailStatuses)[number];

/**
 * One email of a campaign to a lead. Unique per campaign-lead and step: a step can never be sent
 * twice, however many schedulers or workers run. `messageId` is ours (set before sending);
 * `providerMessageId` is what the provider replaced it with, when it does (Microsoft 365).
 */
export const sentEmails = pgTable(
  "sent_emails",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    campaignLeadId: text("campaign_lead_id")
      .notNull()
      .references(() => campaignLeads.id, { onDelete: "cascade" }),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    stepId: text("step_id")
      .notNull()
      .references(() => campaignSteps.id, { onDelete: "cascade" }),
    variantId: text("variant_id").references(() => stepVariants.id, { onDelete: "set null" }),
    mailboxId: text("mailbox_id").references(() => mailboxes.id, { onDelete: "set null" }),
    status: text("status").$type<SentEmailStatus>().notNull().default("queued"),
    messageId: text("message_id").notNull(),
    providerMessageId: text("provider_message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references"),
    fromEmail: text("from_email").notNull(),
    toEmail: text("to_email").notNull(),
    subject: text("subject"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    smtpResponse: text("smtp_response"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sent_emails_campaign_lead_step_idx").on(t.campaignLeadId, t.stepId),
    uniqueIndex("sent_emails_message_id_idx").on(t.messageId),
    index("sent_emails_provider_message_id_idx").on(t.providerMessageId),
    index("sent_emails_mailbox_sent_at_idx").on(t.mailboxId, t.sentAt),
    index("sent_emails_campaign_idx").on(t.campaignId, t.sentAt),
    // reply linking by sender (a lead's latest send from one mailbox) and every lookup by lead
    index("sent_emails_lead_mailbox_sent_at_idx").on(t.leadId, t.mailboxId, t.sentAt),
  ],
);
export type SentEmail = typeof sentEmails.$inferSelect;

export const emailEventTypes = ["sent", "open", "click", "reply", "bounce", "unsubscribe"] as const;
export type EmailEventType = (typeof emailEventTypes)[number];

/** What happened to sent emails, for analytics per campaign, step and variant, over time. */
export const emailEvents = pgTable(
  "email_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    sentEmailId: text("sent_email_id")
      .notNull()
      .references(() => sentEmails.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    stepId: text("step_id"),
    variantId: text("variant_id"),
    leadId: text("lead_id").notNull(),
    type: text("type").$type<EmailEventType>().notNull(),
    url: text("url"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("email_events_campaign_type_idx").on(t.campaignId, t.type, t.createdAt),
    index("email_events_sent_email_idx").on(t.sentEmailId),
  ],
);
export type EmailEvent = typeof emailEvents.$inferSelect;
