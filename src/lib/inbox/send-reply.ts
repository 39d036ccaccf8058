import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { inboxMessages, mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createMailboxTransport } from "@/lib/mailboxes/create-mailbox-transport";
import { toThreadMessage } from "./get-thread";
import { threadMessages } from "./threads";

/**
 * Answer a conversation from the mailbox it arrived in, threaded under the latest received
 * message (In-Reply-To, References, "Re:"), and keep the answer in the conversation.
 */
export async function sendReply(db: Db, workspaceId: string, threadId: string, text: string) {
  const { all } = await threadMessages(db, workspaceId, threadId);
  const last = [...all].reverse().find((m) => m.direction === "inbound");
  if (!last?.fromEmail) throw new AppError("validation", "this conversation has no sender to answer");
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, last.mailboxId));
  if (!mailbox) throw new AppError("not_found", "the mailbox of this conversation was removed");
  const subject = last.subject?.match(/^re:/i) ? last.subject : `Re: ${last.subject ?? ""}`.trim();
  const messageId = `<${crypto.randomUUID()}.${randomBytes(4).toString("hex")}@${mailbox.email.split("@")[1]}>`;
  const references = [...last.references, last.messageId].filter((v): v is string => Boolean(v));
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
    throw new AppError(
      "unavailable",
      `the mailbox's SMTP server refused the reply: ${(err as Error).message}`,
    );
  } finally {
    transport.close();
  }
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
    })
    .returning();
  return toThreadMessage(row!);
}
