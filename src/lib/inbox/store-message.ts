import type { Db } from "@/lib/db/client";
import { type FolderRole, inboxMessages, type Mailbox } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { applyReplyEffects } from "./apply-effects";
import { classifyMessage } from "./classify";
import { linkReplyToCampaign } from "./linking";
import { parseMessage } from "./parse-message";
import { sanitizeEmailHtml } from "./sanitize-html";
import { stripQuoted } from "./strip-quoted";

export type StoreResult = { stored: boolean; id?: string };

/**
 * Parse, classify, link and store one received message; on first sight only, apply what it
 * means (replied, bounced, unsubscribed) and emit its events. A message seen again (another
 * sync, a UIDVALIDITY reset, the same mail in Junk and INBOX) is skipped by the unique index on
 * (mailbox, Message-ID), so its effects happen once.
 */
export async function storeInboundMessage(
  db: Db,
  input: {
    mailbox: Mailbox;
    folder: FolderRole;
    uid: number | null;
    uidValidity: number | null;
    raw: Buffer;
    receivedAt: Date;
  },
): Promise<StoreResult> {
  const parsed = await parseMessage(input.raw);
  const verdict = classifyMessage(parsed);
  const link = await linkReplyToCampaign(
    db,
    { workspaceId: input.mailbox.workspaceId, mailboxId: input.mailbox.id },
    {
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      fromEmail: parsed.from?.email ?? null,
      headers: parsed.headers,
      original: verdict.original,
    },
  );
  const text = parsed.text ?? "";
  const id = crypto.randomUUID();
  // a message without a Message-ID still gets one key, so it is stored once
  const messageId = parsed.messageId ?? `<no-id.${input.folder}.${input.uidValidity}.${input.uid}@coldframe>`;
  const inserted = await db
    .insert(inboxMessages)
    .values({
      id,
      workspaceId: input.mailbox.workspaceId,
      mailboxId: input.mailbox.id,
      folder: input.folder,
      uid: input.uid,
      uidValidity: input.uidValidity,
      messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      fromEmail: parsed.from?.email ?? null,
      fromName: parsed.from?.name ?? null,
      toEmails: parsed.to,
      subject: parsed.subject,
      sentAt: parsed.date,
      receivedAt: input.receivedAt,
      textBody: text,
      htmlBody: parsed.html ? sanitizeEmailHtml(parsed.html) : null,
      snippet: stripQuoted(text).replace(/\s+/g, " ").trim().slice(0, 200),
      headers: parsed.headers,
      threadKey: threadKeyOf({ ...parsed, messageId }, link),
      category: verdict.category,
      intent: verdict.intent,
      autoReply: verdict.autoReply,
      bounce: verdict.bounce,
      campaignId: link?.campaignId ?? null,
      leadId: link?.leadId ?? null,
      sentEmailId: link?.sentEmailId ?? null,
      linkMethod: link?.method ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: inboxMessages.id });
  if (!inserted.length) return { stored: false };
  logger.info(
    {
      mailboxId: input.mailbox.id,
      category: verdict.category,
      linked: link?.method ?? null,
      campaignId: link?.campaignId,
    },
    "message stored",
  );
  if (link)
    await applyReplyEffects(db, {
      messageId: id,
      workspaceId: input.mailbox.workspaceId,
      link,
      verdict,
      parsed,
    });
  return { stored: true, id };
}

/** The conversation a message belongs to: our first email when linked, else its thread root. */
function threadKeyOf(
  parsed: { messageId: string; inReplyTo: string | null; references: string[] },
  link: { sentEmailId: string | null } | null,
): string {
  if (link?.sentEmailId) return `sent:${link.sentEmailId}`;
  return parsed.references[0] ?? parsed.inReplyTo ?? parsed.messageId;
}
