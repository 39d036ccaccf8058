import { and, asc, eq, gt, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { ImapFlow, type ListResponse } from "imapflow";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { Db } from "@/lib/db/client";
import { type InboxMessage, inboxMessages, type Mailbox, mailboxes, sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { copiesSentMail } from "@/lib/mailboxes/copies-sent-mail";
import { getImapClientOptions } from "@/lib/mailboxes/get-imap-client-options";
import { readSentEmails } from "./claim-email";
import { composeMessage } from "./compose-message";
import { SENT_EMAIL_ID_HEADER } from "./find-in-sent-folder";

/** The most copies one call appends (the next sync goes on from there). */
const MAX_COPIES = 200;
/** how long before its row's claim a send may have taken its time (`sentAt`) */
const IN_FLIGHT_MARGIN_MS = 60_000;
/** Folder names servers use for sent mail when none is marked `\Sent` (RFC 6154). */
const SENT_NAMES = ["sent", "sent items", "sent messages", "sent mail", "inbox.sent"];

// builds the message as nodemailer would send it, without sending it anywhere
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });

/**
 * Append a copy of each campaign email, and each reply sent from the inbox, that the mailbox has sent
 * since the last copy to its Sent folder
 * over IMAP, so the user's own mail client shows the conversation (copiesSentMail says for which
 * mailboxes). Run after each inbox sync, under that sync's per-mailbox lock: never two at once for
 * one mailbox. Each copy is the message composed again from its row (same Message-ID, headers and
 * body, dated when it was sent, marked read), without the DKIM signature the server saw.
 *
 * At most once per email: the mailbox's cursor (`sent_copied_until`) moves past each email as soon
 * as its copy is appended, and the first email of a run is looked for in the folder first (a run
 * that died between an append and the cursor's move appended it already). The Sent folder is the
 * one marked `\Sent`, else one of the usual names, else a new "Sent".
 */
export async function copySentMail(db: Db, mailbox: Mailbox): Promise<{ copied: number; folder?: string }> {
  if (!copiesSentMail(mailbox) || mailbox.status === "error") return { copied: 0 };
  // An email still being sent is given, once sent, the time its send began: parallel sends finish
  // out of order, so the cursor must not pass the earliest one in flight, or that email is never
  // copied. A minute's margin covers the moment between a send taking its time and claiming its row.
  const [flight] = await db
    .select({ since: sql<string | null>`min(${sentEmails.claimedAt})` })
    .from(sentEmails)
    .where(and(eq(sentEmails.mailboxId, mailbox.id), eq(sentEmails.status, "sending")));
  const settledBefore = flight?.since
    ? new Date(new Date(flight.since).getTime() - IN_FLIGHT_MARGIN_MS)
    : null;
  const after = (column: typeof sentEmails.sentAt | typeof inboxMessages.sentAt) =>
    and(
      mailbox.sentCopiedUntil ? gt(column, mailbox.sentCopiedUntil) : sql`true`,
      settledBefore ? lt(column, settledBefore) : sql`true`,
    );
  // campaign emails and replies sent from the inbox, one timeline by when each was sent
  const campaignEmails = await db
    .select({ id: sentEmails.id, messageId: sentEmails.messageId, sentAt: sentEmails.sentAt })
    .from(sentEmails)
    .where(
      and(
        eq(sentEmails.mailboxId, mailbox.id),
        isNotNull(sentEmails.sentAt),
        // a delivery report that bounced it later does not unsend it: the Sent folder shows it too
        inArray(sentEmails.status, ["sent", "bounced"]),
        after(sentEmails.sentAt),
      ),
    )
    .orderBy(asc(sentEmails.sentAt))
    .limit(MAX_COPIES);
  const replies = await db
    .select()
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.mailboxId, mailbox.id),
        eq(inboxMessages.direction, "outbound"),
        eq(inboxMessages.deliveryStatus, "sent"),
        isNotNull(inboxMessages.sentAt),
        after(inboxMessages.sentAt),
      ),
    )
    .orderBy(asc(inboxMessages.sentAt))
    .limit(MAX_COPIES);
  const due = [
    ...campaignEmails.map((e) => ({ kind: "campaign" as const, ...e, sentAt: e.sentAt! })),
    ...replies.map((r) => ({
      kind: "reply" as const,
      id: r.id,
      messageId: r.messageId ?? "",
      sentAt: r.sentAt!,
      row: r,
    })),
  ]
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
    .slice(0, MAX_COPIES);
  if (!due.length) return { copied: 0 };

  const client = new ImapFlow({ ...(await getImapClientOptions(mailbox)), logger: false });
  await client.connect();
  try {
    const folder = await sentFolder(client);
    const ids = due.filter((d) => d.kind === "campaign").map((d) => d.id);
    const read = new Map((ids.length ? await readSentEmails(db, ids) : []).map((r) => [r.sent.id, r]));
    let copied = 0;
    for (const [i, email] of due.entries()) {
      const message = await compose(email, read.get(email.id), mailbox);
      // an email whose variant or mailbox was deleted since cannot be composed again: passed over
      if (message && !(i === 0 && (await alreadyThere(client, folder, email)))) {
        await client.append(folder, message, ["\\Seen"], email.sentAt);
        copied++;
      }
      await db.update(mailboxes).set({ sentCopiedUntil: email.sentAt }).where(eq(mailboxes.id, mailbox.id));
    }
    if (copied) logger.info({ mailboxId: mailbox.id, copied, folder }, "sent mail copied to the Sent folder");
    return { copied, folder };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The message as it was sent (without the DKIM signature the server saw), or null if it cannot be. */
async function compose(
  email: { kind: "campaign" | "reply"; sentAt: Date; row?: InboxMessage },
  read: Awaited<ReturnType<typeof readSentEmails>>[number] | undefined,
  mailbox: Mailbox,
): Promise<Buffer | null> {
  let options: SendMailOptions;
  if (email.kind === "reply" && email.row) {
    const r = email.row;
    options = {
      from: { name: mailbox.fromName || mailbox.email, address: mailbox.email },
      to: r.toEmails,
      subject: r.subject ?? "",
      text: r.textBody ?? "",
      messageId: r.messageId ?? undefined,
      inReplyTo: r.inReplyTo ?? undefined,
      references: r.references,
    };
  } else if (read?.mailbox && read.variant) {
    options = {
      ...composeMessage({ ...read, mailbox: read.mailbox, variant: read.variant }),
      dkim: undefined,
    };
  } else return null;
  const { message } = await composer.sendMail({ ...options, date: email.sentAt });
  return message as Buffer;
}

async function sentFolder(client: ImapFlow): Promise<string> {
  const folders = await client.list();
  const marked = folders.find((f) => f.specialUse === "\\Sent");
  if (marked) return marked.path;
  const named = SENT_NAMES.map((n) => folders.find((f: ListResponse) => f.path.toLowerCase() === n)).find(
    Boolean,
  );
  if (named) return named.path;
  const created = await client.mailboxCreate("Sent");
  await client.mailboxSubscribe(created.path).catch(() => undefined);
  return created.path;
}

async function alreadyThere(client: ImapFlow, folder: string, email: { id: string; messageId: string }) {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const hits = await client.search(
      {
        or: [{ header: { "message-id": email.messageId } }, { header: { [SENT_EMAIL_ID_HEADER]: email.id } }],
      },
      { uid: true },
    );
    return Array.isArray(hits) && hits.length > 0;
  } finally {
    lock.release();
  }
}
