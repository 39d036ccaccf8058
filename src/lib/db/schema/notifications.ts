import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { cascadeRef, createdAt, id, oneOf, updatedAt } from "./columns";
import { mailboxes } from "./mailboxes";
import { workspaceRef } from "./workspaces";

/** The emails a person may opt into, per workspace. */
export const notificationKinds = [
  "campaign_paused",
  "mailbox_error",
  "domain_health",
  "daily_digest",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * One person's choices in one workspace. No row: everything off (notifications are opt-in).
 * The row goes with the membership's workspace or the user.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    id: id(),
    workspaceId: workspaceRef(),
    userId: cascadeRef("user_id", () => users.id),
    campaignPaused: boolean("campaign_paused").notNull().default(false),
    mailboxError: boolean("mailbox_error").notNull().default(false),
    domainHealth: boolean("domain_health").notNull().default(false),
    dailyDigest: boolean("daily_digest").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("notification_preferences_workspace_user_idx").on(t.workspaceId, t.userId)],
);
export type NotificationPreferences = typeof notificationPreferences.$inferSelect;

export const notificationStatuses = ["pending", "sending", "sent", "skipped", "failed"] as const;

/**
 * One notification email to one person. `dedupeKey` (kind + subject + time bucket, e.g.
 * `campaign_paused:<campaign id>:<event id>` or `daily_digest:<workspace>:2026-11-28`) is unique
 * per user: a retried job, a second worker or a repeated event never makes a second email.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: id(),
    workspaceId: workspaceRef(),
    userId: cascadeRef("user_id", () => users.id),
    kind: text("kind").$type<NotificationKind>().notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status").$type<(typeof notificationStatuses)[number]>().notNull().default("pending"),
    attempts: jsonb("attempts").$type<{ at: string; error: string }[]>().notNull().default([]),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    sentVia: text("sent_via"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_user_key_idx").on(t.userId, t.dedupeKey),
    index("notification_deliveries_pending_idx").on(t.status, t.createdAt),
    oneOf("notification_deliveries_kind_check", t.kind, notificationKinds),
    oneOf("notification_deliveries_status_check", t.status, notificationStatuses),
  ],
);
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;

/**
 * The workspace's choice of one of its mailboxes to send its app email (invitations,
 * notifications). No row: the operator's SYSTEM_SMTP_URL, if any. Deleting the mailbox deletes
 * the choice.
 */
export const workspaceMailers = pgTable("workspace_mailers", {
  workspaceId: workspaceRef().primaryKey(),
  mailboxId: cascadeRef("mailbox_id", () => mailboxes.id),
  updatedAt: updatedAt(),
});
export type WorkspaceMailer = typeof workspaceMailers.$inferSelect;
