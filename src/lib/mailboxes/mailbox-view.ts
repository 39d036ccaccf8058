import { and, count, gte, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Mailbox, sentEmails } from "@/lib/db/schema";
import type { MailboxView } from "./api-schemas";
import { startOfUtcDay, todayLimit } from "./capacity";
import { copiesSentMail } from "./copies-sent-mail";

/** What the API shows of a mailbox: settings and state, never a password or token. */
export function toMailboxView(m: Mailbox, sentToday: number, now = new Date()): MailboxView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: m.id,
    email: m.email,
    fromName: m.fromName,
    provider: m.provider,
    smtp: { host: m.smtpHost, port: m.smtpPort, security: m.smtpSecurity, user: m.smtpUser },
    imap: { host: m.imapHost, port: m.imapPort, security: m.imapSecurity, user: m.imapUser },
    hasPassword: Boolean(m.smtpPasswordEnc),
    oauthConnected: Boolean(m.oauthRefreshTokenEnc),
    dailyLimit: m.dailyLimit,
    todayLimit: todayLimit(m, now),
    sentToday,
    minGapMinutes: m.minGapMinutes,
    maxGapMinutes: m.maxGapMinutes,
    rampEnabled: m.rampEnabled,
    rampStart: m.rampStart,
    rampIncrement: m.rampIncrement,
    rampStartedAt: iso(m.rampStartedAt),
    signatureHtml: m.signatureHtml,
    sentCopy: m.sentCopy,
    sentCopyActive: copiesSentMail(m),
    status: m.status,
    statusReason: m.statusReason,
    authFailures: m.authFailures,
    lastSentAt: iso(m.lastSentAt),
    nextSendAt: iso(m.nextSendAt),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** Emails each mailbox has sent since midnight UTC (rows of sent_emails with sent_at today). */
export async function countSentToday(db: DbOrTx, mailboxIds: string[], now = new Date()) {
  const counts = new Map<string, number>(mailboxIds.map((id) => [id, 0]));
  if (mailboxIds.length === 0) return counts;
  const rows = await db
    .select({ mailboxId: sentEmails.mailboxId, n: count() })
    .from(sentEmails)
    .where(and(inArray(sentEmails.mailboxId, mailboxIds), gte(sentEmails.sentAt, startOfUtcDay(now))))
    .groupBy(sentEmails.mailboxId);
  for (const r of rows) if (r.mailboxId) counts.set(r.mailboxId, r.n);
  return counts;
}

export async function viewOf(db: DbOrTx, m: Mailbox, now = new Date()): Promise<MailboxView> {
  const counts = await countSentToday(db, [m.id], now);
  return toMailboxView(m, counts.get(m.id) ?? 0, now);
}
