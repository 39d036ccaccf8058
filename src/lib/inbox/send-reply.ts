import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type InboxMessage, inboxMessages, mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createMailboxTransport } from "@/lib/mailboxes/create-mailbox-transport";
import { toThreadMessage } from "./get-thread";
import { threadMessages } from "./thread-messages";

export type SendReplyInput = {
  workspaceId: string;
  threadId: string;
  text: string;
  /** the client's `Idempotency-Key` header: the same key never sends twice */
  idempotencyKey?: string;
};

/**
 * Answer a conversation from the mailbox it arrived in, threaded under the latest received
 * message (In-Reply-To, References, "Re:"). The reply is recorded first (`sending`), then handed
 * to SMTP, then marked `sent` — or `failed` with the server's reason — so a reply is never
 * delivered without a record of it, and a failed one is visible in the conversation. A request
 * retried with the same Idempotency-Key answers the recorded reply instead of sending again.
 */
export async function sendReply(db: Db, input: SendReplyInput) {
  const { workspaceId, threadId, text, idempotencyKey } = input;
  const { anchor, all } = await threadMessages(db, workspaceId, threadId);
  if (idempotencyKey) {
    const earlier = await findByKey(db, workspaceId, idempotencyKey);
    if (earlier) return answerRetry(earlier, anchor, text);
  }
  const last = [...all].reverse().find((m) => m.direction === "inbound");
  if (!last?.fromEmail) throw new AppError("validation", "this conversation has no sender to answer");
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, last.mailboxId));
  if (!mailbox) throw new AppError("not_found", "the mailbox of this conversation was removed");
  const subject = last.subject?.match(/^re:/i) ? last.subject : `Re: ${last.subject ?? ""}`.trim();
  const messageId = `<${crypto.randomUUID()}.${randomBytes(4).toString("hex")}@${mailbox.email.split("@")[1]}>`;
  const references = [...last.references, last.messageId].filter((v): v is string => Boolean(v));

  const [row] = await db
    .insert(inboxMessages)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      mailboxId: mailbox.id,
      folder: "sent",
      messageId,
      inReplyTo: last.messageId,
      references,
      fromEmail: mailbox.email,
      fromName: mailbox.fromName || null,
      toEmails: [last.fromEmail],
      subject,
      sentAt: new Date(),
      textBody: text,
      snippet: text.replace(/\s+/g, " ").slice(0, 200),
      threadKey: last.threadKey,
      category: "other",
      campaignId: last.campaignId,
      leadId: last.leadId,
      isRead: true,
      direction: "outbound",
      deliveryStatus: "sending",
      idempotencyKey: idempotencyKey ?? null,
    })
    .onConflictDoNothing({ target: [inboxMessages.workspaceId, inboxMessages.idempotencyKey] })
    .returning();
  if (!row) {
    // a concurrent request with the same key recorded its reply first: it sends, this one does not
    const earlier = await findByKey(db, workspaceId, idempotencyKey!);
    return answerRetry(earlier!, anchor, text);
  }

  const transport = await createMailboxTransport(mailbox);
  try {
    await transport.sendMail({
      from: { name: mailbox.fromName || mailbox.email, address: mailbox.email },
      to: last.fromEmail,
      subject,
      text,
      messageId,
      inReplyTo: last.messageId ?? undefined,
      references,
    });
  } catch (err) {
    const reason = `the mailbox's SMTP server refused the reply: ${(err as Error).message}`;
    await db
      .update(inboxMessages)
      .set({ deliveryStatus: "failed", deliveryError: reason })
      .where(eq(inboxMessages.id, row.id));
    throw new AppError("unavailable", reason);
  } finally {
    transport.close();
  }
  // Past this point the SMTP server said 250: whatever fails now, the reply is never sent again.
  const [sent] = await db
    .update(inboxMessages)
    .set({ deliveryStatus: "sent", sentAt: new Date() })
    .where(eq(inboxMessages.id, row.id))
    .returning()
    .catch((err: unknown) => {
      logger.error({ err, inboxMessageId: row.id }, "reply sent but not marked sent");
      return [{ ...row, deliveryStatus: "sent" as const }];
    });
  return toThreadMessage(sent!);
}

async function findByKey(db: Db, workspaceId: string, key: string) {
  const [row] = await db
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, workspaceId), eq(inboxMessages.idempotencyKey, key)));
  return row;
}

/** A retried request: the recorded outcome, never a second send. */
function answerRetry(earlier: InboxMessage, anchor: InboxMessage, text: string) {
  if (earlier.textBody !== text || earlier.threadKey !== anchor.threadKey) {
    throw new AppError("conflict", "this Idempotency-Key was already used for a different reply");
  }
  if (earlier.deliveryStatus === "sending")
    throw new AppError("conflict", "a reply with this Idempotency-Key is being sent: check the conversation");
  if (earlier.deliveryStatus === "failed")
    throw new AppError("unavailable", earlier.deliveryError ?? "the reply could not be sent");
  return toThreadMessage(earlier);
}
