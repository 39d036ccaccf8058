import { ImapFlow } from "imapflow";
import { until } from "../../helpers/until";
import type { MailServer } from "./mail-server";

export type Received = { raw: string; from: string };

/** Every message in `user`'s INBOX on the test mail server whose subject matches. */
export async function inboxMessages(
  mail: MailServer,
  user: { email: string; password: string },
  subject: RegExp,
): Promise<Received[]> {
  const client = new ImapFlow({
    host: mail.host,
    port: mail.imapPort,
    secure: false,
    auth: { user: user.email, pass: user.password },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock("INBOX");
    try {
      const found: Received[] = [];
      if ((client.mailbox as { exists: number }).exists === 0) return found;
      for await (const m of client.fetch("1:*", { envelope: true, source: true }))
        if (subject.test(m.envelope?.subject ?? ""))
          found.push({ raw: m.source?.toString("utf8") ?? "", from: m.envelope?.from?.[0]?.address ?? "" });
      return found;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/** The newest message matching `subject` in `user`'s INBOX, once it arrives. */
export function received(mail: MailServer, user: { email: string; password: string }, subject: RegExp) {
  return until(
    `an email "${subject}" for ${user.email}`,
    async () => (await inboxMessages(mail, user, subject)).at(-1) ?? null,
    { timeoutMs: 30_000, intervalMs: 300 },
  );
}

/** A raw message's body with quoted-printable soft breaks and `=3D` undone (links read whole). */
export const unfold = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
