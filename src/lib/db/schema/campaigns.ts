import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { cascadeRef, createdAt, id, oneOf, updatedAt } from "./columns";
import { leads } from "./leads";
import { mailboxes } from "./mailboxes";
import { workspaceRef } from "./workspaces";

export const campaignStatuses = ["draft", "active", "paused", "completed"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const campaigns = pgTable(
  "campaigns",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    status: text("status").$type<CampaignStatus>().notNull().default("draft"),
    /** IANA zone the schedule is read in */
    timezone: text("timezone").notNull().default("UTC"),
    /** days sending is allowed, 0 = Sunday … 6 = Saturday */
    sendDays: smallint("send_days").array().notNull().default([1, 2, 3, 4, 5]),
    /** window in minutes after local midnight: [start, end) */
    sendStartMinute: integer("send_start_minute")
      .notNull()
      .default(9 * 60),
    sendEndMinute: integer("send_end_minute")
      .notNull()
      .default(17 * 60),
    /** most first-and-follow-up emails this campaign sends a day, across its mailboxes (null: no cap) */
    dailyCap: integer("daily_cap"),
    stopOnReply: boolean("stop_on_reply").notNull().default(true),
    stopOnCompanyReply: boolean("stop_on_company_reply").notNull().default(false),
    trackOpens: boolean("track_opens").notNull().default(true),
    trackClicks: boolean("track_clicks").notNull().default(true),
    plainTextOnly: boolean("plain_text_only").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    launchedAt: timestamp("launched_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    // the list's order (newest first, ties by id, read backwards) and its cursor's range; also
    // every lookup by workspace alone
    index("campaigns_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
    index("campaigns_status_idx").on(t.status),
    oneOf("campaigns_status_check", t.status, campaignStatuses),
  ],
);
export type Campaign = typeof campaigns.$inferSelect;

/** Step n is sent `delayMinutes` after step n-1 (step 1: as soon as the schedule allows). */
export const campaignSteps = pgTable(
  "campaign_steps",
  {
    id: id(),
    workspaceId: workspaceRef(),
    campaignId: cascadeRef("campaign_id", () => campaigns.id),
    position: integer("position").notNull(), // 1-based
    delayMinutes: integer("delay_minutes").notNull().default(0),
    /** send as a new thread instead of replying under the first email */
    newThread: boolean("new_thread").notNull().default(false),
  },
  (t) => [uniqueIndex("campaign_steps_campaign_position_idx").on(t.campaignId, t.position)],
);
export type CampaignStep = typeof campaignSteps.$inferSelect;

/** A/B/C versions of a step, picked by weight per lead. */
export const stepVariants = pgTable(
  "step_variants",
  {
    id: id(),
    workspaceId: workspaceRef(),
    stepId: cascadeRef("step_id", () => campaignSteps.id),
    label: text("label").notNull(), // "A", "B", "C"
    weight: integer("weight").notNull().default(1),
    subject: text("subject").notNull().default(""),
    bodyHtml: text("body_html").notNull().default(""),
    bodyText: text("body_text").notNull().default(""),
  },
  (t) => [uniqueIndex("step_variants_step_label_idx").on(t.stepId, t.label)],
);
export type StepVariant = typeof stepVariants.$inferSelect;

/** Mailboxes a campaign rotates through. */
export const campaignMailboxes = pgTable(
  "campaign_mailboxes",
  {
    campaignId: cascadeRef("campaign_id", () => campaigns.id),
    mailboxId: cascadeRef("mailbox_id", () => mailboxes.id),
    workspaceId: workspaceRef(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.mailboxId] }),
    index("campaign_mailboxes_mailbox_idx").on(t.mailboxId),
  ],
);

export const campaignLeadStatuses = [
  "queued", // waiting for its next step
  "sending", // a step is claimed and being sent
  "completed", // every step sent
  "replied",
  "bounced",
  "unsubscribed",
  "stopped", // stopped by hand, by a company-domain reply, or suppression
] as const;
export type CampaignLeadStatus = (typeof campaignLeadStatuses)[number];

/** A lead's progress through one campaign. */
export const campaignLeads = pgTable(
  "campaign_leads",
  {
    id: id(),
    workspaceId: workspaceRef(),
    campaignId: cascadeRef("campaign_id", () => campaigns.id),
    leadId: cascadeRef("lead_id", () => leads.id),
    status: text("status").$type<CampaignLeadStatus>().notNull().default("queued"),
    /** position of the next step to send (1-based) */
    nextStep: integer("next_step").notNull().default(1),
    /** when the next step becomes due (null: as soon as the schedule allows) */
    nextSendAt: timestamp("next_send_at", { withTimezone: true }),
    /** the mailbox that sent the first email; follow-ups use it too, to stay in the thread */
    mailboxId: text("mailbox_id").references(() => mailboxes.id, { onDelete: "set null" }),
    /** the first email's Message-ID and subject, for threading follow-ups */
    threadMessageId: text("thread_message_id"),
    threadReferences: text("thread_references"),
    threadSubject: text("thread_subject"),
    stoppedReason: text("stopped_reason"),
    /** the day an out-of-office said the lead is back (or the default pause's end): shown on the row */
    outOfOfficeUntil: timestamp("out_of_office_until", { withTimezone: true }),
    /**
     * The lead's own status is active (leads.status, kept in step by suppressLead and updateLead):
     * a copy here lets the scheduler's due indexes skip suppressed leads without joining leads.
     */
    leadActive: boolean("lead_active").notNull().default(true),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("campaign_leads_campaign_lead_idx").on(t.campaignId, t.leadId),
    index("campaign_leads_due_idx").on(t.campaignId, t.status, t.nextSendAt),
    index("campaign_leads_lead_idx").on(t.leadId),
    index("campaign_leads_mailbox_idx").on(t.mailboxId),
    // The scheduler's claim order, one index per kind of lead so each claim reads only what it
    // queues: leads a mailbox already wrote to (follow-ups, which stay in its thread), by mailbox
    // and campaign; leads nobody wrote to yet, by campaign. Due first (never-scheduled counts as
    // due), then oldest.
    index("campaign_leads_bound_due_idx")
      .on(t.mailboxId, t.campaignId, sql`coalesce(next_send_at, '-infinity'::timestamptz)`, t.createdAt)
      .where(sql`status = 'queued' and lead_active and mailbox_id is not null`),
    index("campaign_leads_unbound_due_idx")
      .on(t.campaignId, sql`coalesce(next_send_at, '-infinity'::timestamptz)`, t.createdAt)
      .where(sql`status = 'queued' and lead_active and mailbox_id is null`),
    oneOf("campaign_leads_status_check", t.status, campaignLeadStatuses),
  ],
);
export type CampaignLead = typeof campaignLeads.$inferSelect;

/**
 * Changes to a campaign's totals for the campaign list (its leads, those that replied, emails sent
 * or bounced), one row per statement that changed them, written by statement-level triggers on
 * campaign_leads and sent_emails (migration 0007) in the same transaction as the change: every
 * path stays exact, and appending never makes two writers wait on one counter row. The list sums
 * a campaign's rows; the campaign tick folds them into one row per campaign every minute.
 */
export const campaignCounterDeltas = pgTable(
  "campaign_counter_deltas",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    campaignId: cascadeRef("campaign_id", () => campaigns.id),
    leads: integer("leads").notNull().default(0),
    replied: integer("replied").notNull().default(0),
    sent: integer("sent").notNull().default(0),
  },
  (t) => [index("campaign_counter_deltas_campaign_idx").on(t.campaignId)],
);
