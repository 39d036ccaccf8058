import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Mailbox } from "@/lib/db/schema";
import { type MailboxServerOptions, mailboxServer } from "./mailbox-servers";
import { smtpOptions } from "./server-options";

export type MailboxTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/** How a pooled transport may use a provider's server (see mailbox-transport-pool.ts). */
export type PoolLimits = {
  maxConnections: number;
  maxMessages: number;
  /** at most `rateLimit` messages every `rateDeltaMs` (a provider's per-minute cap) */
  rateLimit?: number;
  rateDeltaMs?: number;
  /** a connection with nothing to send closes after this long */
  idleTimeoutMs: number;
};

/**
 * A nodemailer SMTP transport that sends as the mailbox: its server and TLS mode, with the
 * decrypted password, or XOAUTH2 with a fresh access token for Google and Microsoft. Close it
 * after use (`transport.close()`). An OAuth token lives about an hour: create a transport per
 * batch of sends rather than keeping one for the day. Campaign sends go through the pool in
 * mailbox-transport-pool.ts, which does that.
 *
 * Throws OAuthTokenError when a token cannot be had (a revoked grant has already set the mailbox
 * to "error"); a wrong password surfaces on send as nodemailer's EAUTH — count it with
 * recordAuthFailure.
 */
export async function createMailboxTransport(
  mailbox: Mailbox,
  opts: MailboxServerOptions & { pool?: boolean | PoolLimits } = {},
): Promise<MailboxTransport> {
  const server = await mailboxServer(mailbox, "smtp", opts);
  const options = smtpOptions(server);
  if (!opts.pool) return nodemailer.createTransport(options);
  const limits = opts.pool === true ? undefined : opts.pool;
  return nodemailer.createTransport({
    ...options,
    pool: true,
    ...(limits && {
      maxConnections: limits.maxConnections,
      maxMessages: limits.maxMessages,
      idleTimeout: limits.idleTimeoutMs,
      ...(limits.rateLimit && { rateLimit: limits.rateLimit, rateDelta: limits.rateDeltaMs }),
    }),
  } as SMTPTransport.Options);
}
