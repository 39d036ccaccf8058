import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "./columns";
import { workspaceRef } from "./workspaces";

export const mailboxProviders = ["smtp", "google", "microsoft"] as const;
export const tlsModes = ["tls", "starttls", "none"] as const; // tls = implicit TLS (465/993)
export const mailboxStatuses = ["active", "paused", "error"] as const;
/**
 * A copy of each campaign email in the mailbox's Sent folder, over IMAP: `auto` for custom servers
 * (Gmail and Microsoft 365 file one themselves), `on`, `off`.
 */
export const sentCopyModes = ["auto", "on", "off"] as const;

/**
 * A sending mailbox. Passwords and OAuth tokens are stored encrypted (src/lib/crypto); the API
 * never returns them. Limits: at most `dailyLimit` a day, ramping from `rampStart` by
 * `rampIncrement` a day since `rampStartedAt`, with a random gap of min–max minutes between sends.
 */
export const mailboxes = pgTable(
  "mailboxes",
  {
    id: id(),
    workspaceId: workspaceRef(),
    email: text("email").notNull(),
    fromName: text("from_name").notNull().default(""),
    provider: text("provider").$type<(typeof mailboxProviders)[number]>().notNull().default("smtp"),
    smtpHost: text("smtp_host"),
    smtpPort: integer("smtp_port"),
    smtpSecurity: text("smtp_security").$type<(typeof tlsModes)[number]>(),
    smtpUser: text("smtp_user"),
    smtpPasswordEnc: text("smtp_password_enc"),
    imapHost: text("imap_host"),
    imapPort: integer("imap_port"),
    imapSecurity: text("imap_security").$type<(typeof tlsModes)[number]>(),
    imapUser: text("imap_user"),
    imapPasswordEnc: text("imap_password_enc"),
    oauthAccessTokenEnc: text("oauth_access_token_enc"),
    oauthRefreshTokenEnc: text("oauth_refresh_token_enc"),
    oauthExpiresAt: timestamp("oauth_expires_at", { withTimezone: true }),
    dailyLimit: integer("daily_limit").notNull().default(30),
    minGapMinutes: integer("min_gap_minutes").notNull().default(8),
    maxGapMinutes: integer("max_gap_minutes").notNull().default(15),
    rampEnabled: boolean("ramp_enabled").notNull().default(false),
    rampStart: integer("ramp_start").notNull().default(5),
    rampIncrement: integer("ramp_increment").notNull().default(2),
    rampStartedAt: timestamp("ramp_started_at", { withTimezone: true }),
    signatureHtml: text("signature_html").notNull().default(""),
    status: text("status").$type<(typeof mailboxStatuses)[number]>().notNull().default("active"),
    statusReason: text("status_reason"),
    authFailures: integer("auth_failures").notNull().default(0),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
    /** earliest time the next email may leave (last send + random gap) */
    nextSendAt: timestamp("next_send_at", { withTimezone: true }),
    sentCopy: text("sent_copy").$type<(typeof sentCopyModes)[number]>().notNull().default("auto"),
    /** the sent_at of the last email copied to the Sent folder (null: none yet) */
    sentCopiedUntil: timestamp("sent_copied_until", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("mailboxes_workspace_email_idx").on(t.workspaceId, t.email),
    index("mailboxes_status_idx").on(t.status),
    oneOf("mailboxes_status_check", t.status, mailboxStatuses),
    oneOf("mailboxes_provider_check", t.provider, mailboxProviders),
    oneOf("mailboxes_sent_copy_check", t.sentCopy, sentCopyModes),
  ],
);
export type Mailbox = typeof mailboxes.$inferSelect;
