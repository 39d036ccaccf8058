import { decryptSecret } from "@/lib/crypto";
import { type DbOrTx, getDb } from "@/lib/db/client";
import type { Mailbox } from "@/lib/db/schema";
import { getAccessToken } from "./oauth/access-token";
import { pinServer } from "./pin-server";
import type { ServerSettings } from "./server-options";

export type MailboxServerOptions = {
  /** where a refreshed OAuth token is stored; the app's database by default */
  db?: DbOrTx;
  fetch?: typeof fetch;
  now?: Date;
};

type Protocol = "smtp" | "imap";

/**
 * The SMTP or IMAP server of a mailbox with a ready login: the decrypted password, or for Google
 * and Microsoft a fresh OAuth2 access token (refreshed and stored when it is about to expire).
 * A custom server comes with its checked address (pinServer): a private one that
 * ALLOWED_PRIVATE_HOSTS does not allow throws AppError "validation".
 */
export async function mailboxServer(
  mailbox: Mailbox,
  protocol: Protocol,
  opts: MailboxServerOptions = {},
): Promise<ServerSettings> {
  return pinned(mailbox, protocol, serverOf(mailbox, protocol, await accessTokenOf(mailbox, opts)));
}

/** Both servers, with one token refresh at most. */
export async function mailboxServers(mailbox: Mailbox, opts: MailboxServerOptions = {}) {
  const token = await accessTokenOf(mailbox, opts);
  return {
    smtp: await pinned(mailbox, "smtp", serverOf(mailbox, "smtp", token)),
    imap: await pinned(mailbox, "imap", serverOf(mailbox, "imap", token)),
  };
}

// A custom server's host is the user's: resolved, checked and pinned at every connection. Google
// and Microsoft mailboxes connect to their providers' fixed hosts.
const pinned = (mailbox: Mailbox, protocol: Protocol, server: ServerSettings) =>
  mailbox.provider === "smtp" ? pinServer(server, protocol) : Promise.resolve(server);

const accessTokenOf = (mailbox: Mailbox, opts: MailboxServerOptions) =>
  mailbox.provider === "smtp"
    ? Promise.resolve(null)
    : getAccessToken(opts.db ?? getDb(), mailbox, { fetch: opts.fetch, now: opts.now });

function serverOf(mailbox: Mailbox, protocol: Protocol, accessToken: string | null): ServerSettings {
  const host = mailbox[`${protocol}Host`];
  const port = mailbox[`${protocol}Port`];
  const security = mailbox[`${protocol}Security`];
  if (!host || !port || !security) {
    throw new Error(`mailbox ${mailbox.email} has no ${protocol.toUpperCase()} server configured`);
  }
  const user = mailbox[`${protocol}User`] || mailbox.email;
  if (accessToken) return { host, port, security, auth: { user, accessToken } };
  const enc = mailbox[`${protocol}PasswordEnc`] ?? mailbox.smtpPasswordEnc;
  return { host, port, security, auth: { user, pass: enc ? decryptSecret(enc) : "" } };
}
