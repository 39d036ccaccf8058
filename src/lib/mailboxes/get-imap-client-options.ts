import type { ImapFlowOptions } from "imapflow";
import type { Mailbox } from "@/lib/db/schema";
import { type MailboxServerOptions, mailboxServer } from "./mailbox-servers";
import { imapOptions } from "./server-options";

/**
 * imapflow options for the mailbox's IMAP server: TLS mode, timeouts, and the decrypted password
 * or a fresh XOAUTH2 access token (`auth.accessToken`). `new ImapFlow(await
 * getImapClientOptions(m))`; an AUTHENTICATIONFAILED on connect is what recordAuthFailure counts.
 */
export async function getImapClientOptions(
  mailbox: Mailbox,
  opts: MailboxServerOptions = {},
): Promise<ImapFlowOptions> {
  return imapOptions(await mailboxServer(mailbox, "imap", opts));
}
