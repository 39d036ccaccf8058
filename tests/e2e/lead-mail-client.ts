import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import nodemailer, { type SendMailOptions } from "nodemailer";
import type { Page } from "playwright-core";
import { until } from "../helpers/until";
import type { MailServer } from "../integration/helpers/mail-server";

/**
 * A call to the public API with the browser's session, for set-up a point is not about (leads, a
 * campaign's steps): the answer's JSON, or an error with the status and body.
 */
export async function apiCall<T>(page: Page, path: string, body?: unknown, method?: string): Promise<T> {
  return page.evaluate(
    async ({ path, body, method }) => {
      const res = await fetch(path, {
        method: method ?? (body === undefined ? "GET" : "POST"),
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    { path, body, method },
  ) as Promise<T>;
}

/** A campaign email as the lead's own mail client received it. */
export type Received = {
  messageId: string;
  subject: string;
  /** the mailbox it came from (where an answer goes) */
  from: string;
  text: string;
  /** the http(s) List-Unsubscribe link */
  unsubscribeUrl: string | null;
};

/**
 * A lead's mailbox on the test mail server, used as a person would with an ordinary client: read
 * what arrived, answer it (threading headers only), or let an autoresponder answer.
 */
export function leadMailClient(mail: MailServer, person: { email: string; password: string; name: string }) {
  const { email, password, name } = person;
  const folderMessages = async (user: string, pass: string, folder: string) => {
    const imap = new ImapFlow({
      host: mail.host,
      port: mail.imapPort,
      secure: false,
      auth: { user, pass },
      logger: false,
    });
    await imap.connect();
    const found: Received[] = [];
    try {
      const lock = await imap.getMailboxLock(folder);
      try {
        const total = typeof imap.mailbox === "object" ? imap.mailbox.exists : 0;
        if (total > 0) {
          for await (const m of imap.fetch("1:*", { source: true })) {
            const parsed = await simpleParser(m.source!);
            // the raw header line: mailparser reads List-* headers into objects of its own
            const raw = parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line ?? "";
            found.push({
              messageId: parsed.messageId ?? "",
              subject: parsed.subject ?? "",
              from: parsed.from?.value[0]?.address ?? "",
              text: parsed.text ?? "",
              unsubscribeUrl: /<(https?:[^>]+)>/.exec(raw)?.[1] ?? null,
            });
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await imap.logout();
    }
    return found;
  };

  const send = (opts: SendMailOptions) =>
    nodemailer
      .createTransport({
        host: mail.host,
        port: mail.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: email, pass: password },
      })
      .sendMail({ from: `${name} <${email}>`, ...opts });

  return {
    email,
    /** the first message in the INBOX, waiting up to a minute for it */
    firstEmail: () =>
      until(
        `a campaign email in the INBOX of ${email}`,
        async () => (await folderMessages(email, password, "INBOX"))[0],
        {
          timeoutMs: 60_000,
          intervalMs: 1000,
        },
      ),
    /** an answer typed by the person, threaded under `to` */
    reply: (to: Received, text: string) =>
      send({
        to: to.from,
        subject: `Re: ${to.subject}`,
        inReplyTo: to.messageId,
        references: [to.messageId],
        text: `${text}\n\nOn Monday, ${to.from} wrote:\n> ${to.text.split("\n")[0]}\n`,
      }),
    /** a message a machine sends, threaded under `to`, with its own headers and subject */
    automatic: (to: Received, subject: string, text: string, headers: Record<string, string>) =>
      send({ to: to.from, subject, inReplyTo: to.messageId, references: [to.messageId], text, headers }),
  };
}

/** Every message in a mailbox's folder (e.g. its Sent folder), read over IMAP. */
export async function folderSubjects(
  mail: MailServer,
  user: string,
  password: string,
  folder: string,
): Promise<string[]> {
  const imap = new ImapFlow({
    host: mail.host,
    port: mail.imapPort,
    secure: false,
    auth: { user, pass: password },
    logger: false,
  });
  await imap.connect();
  try {
    const lock = await imap.getMailboxLock(folder);
    try {
      const total = typeof imap.mailbox === "object" ? imap.mailbox.exists : 0;
      if (total === 0) return [];
      const subjects: string[] = [];
      for await (const m of imap.fetch("1:*", { envelope: true })) subjects.push(m.envelope?.subject ?? "");
      return subjects;
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout();
  }
}
