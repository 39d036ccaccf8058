import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Mailbox } from "@/lib/db/schema";
import { type MailboxServerOptions, mailboxServer } from "./mailbox-servers";
import { smtpOptions } from "./server-options";

export type MailboxTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/**
 * A nodemailer SMTP transport that sends as the mailbox: its server and TLS mode, with the
 * decrypted password, or XOAUTH2 with a fresh access token for Google and Microsoft. Close it
 * after use (`transport.close()`). An OAuth token lives about an hour: create a transport per
 * batch of sends rather than keeping one for the day.
 *
 * Throws OAuthTokenError when a token cannot be had (a revoked grant has already set the mailbox
 * to "error"); a wrong password surfaces on send as nodemailer's EAUTH — count it with
 * recordAuthFailure.
 */
export async function createMailboxTransport(
  mailbox: Mailbox,
  opts: MailboxServerOptions & { pool?: boolean } = {},
): Promise<MailboxTransport> {
  const server = await mailboxServer(mailbox, "smtp", opts);
  const options = smtpOptions(server);
  return opts.pool
    ? nodemailer.createTransport({ ...options, pool: true })
    : nodemailer.createTransport(options);
}
