import { ImapFlow } from "imapflow";
import type { Mailbox } from "@/lib/db/schema";
import { getImapClientOptions } from "@/lib/mailboxes/get-imap-client-options";

/** Our id of the email, on every campaign email: providers that replace the Message-ID keep it. */
export const SENT_EMAIL_ID_HEADER = "X-Sent-Email-ID";

/**
 * Mailboxes whose provider files a copy of every email sent over SMTP in the Sent folder: Gmail
 * and Microsoft 365 do. A custom server may or may not (that is the user's server's choice; the
 * copies Coldframe appends, copySentMail, are of emails already recorded as sent), so its Sent
 * folder proves nothing by what it lacks.
 */
export const filesSentCopies = (mailbox: Pick<Mailbox, "provider">) =>
  mailbox.provider === "google" || mailbox.provider === "microsoft";

/**
 * Which of these emails have a copy in the mailbox's Sent folder (the folder with the `\Sent`
 * special use), found by our Message-ID or, where the provider replaced it, by our
 * X-Sent-Email-ID header. Null when the mailbox has no Sent folder. Throws on a connection or
 * login failure: no evidence either way.
 */
export async function findInSentFolder(
  mailbox: Mailbox,
  emails: { id: string; messageId: string }[],
): Promise<{ folder: string; found: Set<string> } | null> {
  const client = new ImapFlow({ ...(await getImapClientOptions(mailbox)), logger: false });
  await client.connect();
  try {
    const sent = (await client.list()).find((f) => f.specialUse === "\\Sent");
    if (!sent) return null;
    const found = new Set<string>();
    const lock = await client.getMailboxLock(sent.path, { readOnly: true });
    try {
      for (const email of emails) {
        const hits = await client.search(
          {
            or: [
              { header: { "message-id": email.messageId } },
              { header: { [SENT_EMAIL_ID_HEADER]: email.id } },
            ],
          },
          { uid: true },
        );
        if (Array.isArray(hits) && hits.length > 0) found.add(email.id);
      }
    } finally {
      lock.release();
    }
    return { folder: sent.path, found };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
