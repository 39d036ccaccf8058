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
  /** false: leave resolving and checking to the caller (a connection test does it per protocol) */
  pin?: boolean;
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
  const server = serverOf(mailbox, protocol, await accessTokenOf(mailbox, opts));
  return opts.pin === false ? server : pinned(server, protocol);
}

/** Both servers, with one token refresh at most. */
export async function mailboxServers(mailbox: Mailbox, opts: MailboxServerOptions = {}) {
  const token = await accessTokenOf(mailbox, opts);
  const smtp = serverOf(mailbox, "smtp", token);
  const imap = serverOf(mailbox, "imap", token);
  if (opts.pin === false) return { smtp, imap };
  return { smtp: await pinned(smtp, "smtp"), imap: await pinned(imap, "imap") };
}

// A custom server's host is the user's: resolved, checked and pinned at every connection. Google
// and Microsoft mailboxes connect to their providers' fixed hosts.
const pinned = (server: ServerSettings, protocol: Protocol) =>
  server.fixedHost ? Promise.resolve(server) : pinServer(server, protocol);

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
  // Google and Microsoft mailboxes use their provider's hosts, never a user's
  const fixedHost = mailbox.provider !== "smtp" ? { fixedHost: true } : {};
  if (accessToken) return { host, port, security, auth: { user, accessToken }, ...fixedHost };
  const enc = mailbox[`${protocol}PasswordEnc`] ?? mailbox.smtpPasswordEnc;
  return { host, port, security, auth: { user, pass: enc ? decryptSecret(enc) : "" }, ...fixedHost };
}
