import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Mailbox, sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { headerBlock } from "./header-block";
import { type ParsedMessage, parseMessage } from "./parse-message";

/**
 * A copy in Sent whose Message-ID is not ours: remember it on our row. The row is found by our
 * X-Campaign-ID + X-Lead-ID (own workspace and this mailbox only); when several steps went to the
 * lead, by the copy's decoded Subject (MIME encoded-words are decoded first, so a non-ASCII subject
 * matches), then its In-Reply-To (a threaded step), then the send closest to the copy's Date.
 */
export async function recordProviderMessageId(
  db: DbOrTx,
  mailbox: Mailbox,
  copy: ParsedMessage,
): Promise<boolean> {
  const log = logger.child({ component: "inbox-sync", mailboxId: mailbox.id });
  const messageId = copy.messageId;
  const campaignId = copy.headers["x-campaign-id"];
  const leadId = copy.headers["x-lead-id"];
  if (!messageId || !campaignId || !leadId) return false;
  const candidates = await db
    .select()
    .from(sentEmails)
    .where(
      and(
        eq(sentEmails.workspaceId, mailbox.workspaceId),
        eq(sentEmails.mailboxId, mailbox.id),
        eq(sentEmails.campaignId, campaignId),
        eq(sentEmails.leadId, leadId),
      ),
    )
    .orderBy(desc(sentEmails.sentAt));
  // our own id came back unchanged, or this rewrite is known already: nothing to learn
  if (candidates.some((c) => c.messageId === messageId || c.providerMessageId === messageId)) return false;
  let open = candidates.filter((c) => !c.providerMessageId && c.status === "sent");
  const narrow = (keep: (c: (typeof open)[number]) => boolean) => {
    const kept = open.filter(keep);
    if (kept.length) open = kept;
  };
  if (open.length > 1 && copy.subject) narrow((c) => c.subject === copy.subject);
  if (open.length > 1) narrow((c) => (c.inReplyTo ?? null) === copy.inReplyTo);
  const sentAt = copy.date?.getTime();
  if (open.length > 1 && sentAt !== undefined && !Number.isNaN(sentAt)) {
    const distance = (c: (typeof open)[number]) => Math.abs((c.sentAt?.getTime() ?? 0) - sentAt);
    open = [...open].sort((a, b) => distance(a) - distance(b));
  }
  const match = open[0];
  if (!match) {
    log.info({ providerMessageId: messageId, campaignId, leadId }, "Sent copy matches no open send");
    return false;
  }
  await db.update(sentEmails).set({ providerMessageId: messageId }).where(eq(sentEmails.id, match.id));
  log.info(
    { sentEmailId: match.id, providerMessageId: messageId },
    "provider rewrote our Message-ID: recorded",
  );
  return true;
}

/** A Sent copy's headers, parsed (its body is never needed). */
export const parseSentCopy = (raw: Buffer) => parseMessage(headerBlock(raw));
