import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns";
import { cascadeRef, createdAt, id, oneOf } from "./columns";
import { leads } from "./leads";
import { mailboxes } from "./mailboxes";
import { sentEmails } from "./sending";
import { workspaceRef } from "./workspaces";

export const folderRoles = ["inbox", "junk", "sent"] as const;
export type FolderRole = (typeof folderRoles)[number];

/** Sync cursor per mailbox folder: UIDVALIDITY + the highest UID seen. */
export const mailboxFolders = pgTable(
  "mailbox_folders",
  {
    id: id(),
    workspaceId: workspaceRef(),
    mailboxId: cascadeRef("mailbox_id", () => mailboxes.id),
    path: text("path").notNull(),
    role: text("role").$type<FolderRole>().notNull(),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("mailbox_folders_mailbox_path_idx").on(t.mailboxId, t.path)],
);

export const messageCategories = ["reply", "auto_reply", "bounce", "unsubscribe_request", "other"] as const;
export type MessageCategory = (typeof messageCategories)[number];
export const replyIntents = [
  "interested",
  "not_interested",
  "meeting_request",
  "wrong_person",
  "other",
] as const;
export type ReplyIntent = (typeof replyIntents)[number];
export const linkMethods = ["in_reply_to", "references", "dsn", "x_headers", "sender"] as const;
export type LinkMethod = (typeof linkMethods)[number];
export const replyDeliveryStatuses = ["sending", "sent", "failed"] as const;
export type ReplyDeliveryStatus = (typeof replyDeliveryStatuses)[number];
export type BounceInfo = {
  type: "hard" | "soft";
  recipient: string | null;
  status: string | null;
  diagnostic: string | null;
};

/**
 * One message of a mailbox, stored once (by mailbox + Message-ID, and by folder + UID), with its
 * category and its link to the campaign, lead and sent email it answers.
 */
export const inboxMessages = pgTable(
  "inbox_messages",
  {
    id: id(),
    workspaceId: workspaceRef(),
    mailboxId: cascadeRef("mailbox_id", () => mailboxes.id),
    folder: text("folder").$type<FolderRole>().notNull(),
    uidValidity: bigint("uid_validity", { mode: "number" }),
    uid: bigint("uid", { mode: "number" }),
    messageId: text("message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    fromEmail: text("from_email"),
    fromName: text("from_name"),
    toEmails: text("to_emails").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    textBody: text("text_body"),
    htmlBody: text("html_body"), // sanitized
    snippet: text("snippet"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    /** the conversation: our first email's Message-ID when linked, else the root of References */
    threadKey: text("thread_key"),
    category: text("category").$type<MessageCategory>().notNull().default("other"),
    intent: text("intent").$type<ReplyIntent>(),
    categorySource: text("category_source").$type<"rules" | "manual">().notNull().default("rules"),
    autoReply: boolean("auto_reply").notNull().default(false),
    bounce: jsonb("bounce").$type<BounceInfo>(),
    campaignId: text("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    leadId: text("lead_id").references(() => leads.id, { onDelete: "set null" }),
    sentEmailId: text("sent_email_id").references(() => sentEmails.id, { onDelete: "set null" }),
    linkMethod: text("link_method").$type<LinkMethod>(),
    isRead: boolean("is_read").notNull().default(false),
    direction: text("direction").$type<"inbound" | "outbound">().notNull().default("inbound"),
    /**
     * A reply written in the app is recorded before it is sent (an outbox): `sending` until the
     * SMTP server answers, then `sent` or `failed` with the reason. Null for synced messages.
     */
    deliveryStatus: text("delivery_status").$type<ReplyDeliveryStatus>(),
    deliveryError: text("delivery_error"),
    /** the client's `Idempotency-Key`: a retried request finds its reply instead of sending again */
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("inbox_messages_mailbox_message_id_idx").on(t.mailboxId, t.messageId),
    oneOf("inbox_messages_delivery_status_check", t.deliveryStatus, replyDeliveryStatuses),
    uniqueIndex("inbox_messages_idempotency_key_idx").on(t.workspaceId, t.idempotencyKey),
    uniqueIndex("inbox_messages_mailbox_folder_uid_idx").on(t.mailboxId, t.folder, t.uidValidity, t.uid),
    index("inbox_messages_workspace_received_idx").on(t.workspaceId, t.receivedAt),
    index("inbox_messages_thread_idx").on(t.workspaceId, t.threadKey),
    index("inbox_messages_campaign_idx").on(t.campaignId),
    // a lead's or a sent email's replies, and ON DELETE SET NULL when either is deleted
    index("inbox_messages_lead_idx").on(t.leadId),
    index("inbox_messages_sent_email_idx").on(t.sentEmailId),
    // listThreads: "is there a later message in this thread?" is one probe, so a page of
    // threads walks the newest messages instead of ranking the whole inbox
    index("inbox_messages_thread_latest_idx")
      .on(t.workspaceId, sql`coalesce(${t.threadKey}, ${t.id})`, t.receivedAt.desc())
      .where(sql`${t.direction} = 'inbound'`),
  ],
);
export type InboxMessage = typeof inboxMessages.$inferSelect;

/** What happened, for the activity feed and for outbound webhooks. */
export const events = pgTable(
  "events",
  {
    id: id(),
    workspaceId: workspaceRef(),
    type: text("type").notNull(), // reply.received, lead.bounced, lead.unsubscribed, lead.interested, domain.health_changed
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("events_workspace_created_idx").on(t.workspaceId, t.createdAt)],
);
export type AppEvent = typeof events.$inferSelect;

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    workspaceId: workspaceRef(),
    url: text("url").notNull(),
    /** HMAC signing secret, encrypted at rest */
    secretEnc: text("secret_enc").notNull(),
    /** event types it receives; empty means all */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_endpoints_workspace_idx").on(t.workspaceId)],
);
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

export const webhookDeliveryStatuses = ["pending", "delivered", "failed"] as const;

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    workspaceId: workspaceRef(),
    endpointId: cascadeRef("endpoint_id", () => webhookEndpoints.id),
    eventId: cascadeRef("event_id", () => events.id),
    status: text("status").$type<(typeof webhookDeliveryStatuses)[number]>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_idx").on(t.endpointId, t.eventId),
    oneOf("webhook_deliveries_status_check", t.status, webhookDeliveryStatuses),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
