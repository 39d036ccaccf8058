import type { DbOrTx } from "@/lib/db/client";
import type { Mailbox } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import type { MailboxView } from "./api-schemas";
import { recordAuthFailure, recordAuthSuccess } from "./auth-failures";
import { findMailbox } from "./find-mailbox";
import { mailboxServer } from "./mailbox-servers";
import { viewOf } from "./mailbox-view";
import { OAuthTokenError } from "./oauth/token-endpoint";
import type { ServerSettings } from "./server-options";
import { type ConnectionTestResult, type ProtocolResult, testMailboxConnection } from "./test-connection";

/**
 * "Test" on a saved mailbox: log in to both servers with the stored credentials. A refused login
 * counts towards stopping the mailbox (recordAuthFailure); two good logins clear the count and
 * bring a mailbox stopped by failures back.
 */
export async function testSavedMailbox(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  opts: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ result: ConnectionTestResult; mailbox: MailboxView }> {
  const mailbox = await findMailbox(db, workspaceId, id);
  const { result, noToken } = await testWithStoredLogin(db, mailbox, opts);
  // (without a token nothing logged in: a revoked grant has already stopped the mailbox)
  if (!noToken && (result.smtp.kind === "auth" || result.imap.kind === "auth")) {
    await recordAuthFailure(db, mailbox.id, authReason(result));
  } else if (result.ok) {
    await recordAuthSuccess(db, mailbox.id);
  }
  logger.info(
    { mailboxId: mailbox.id, smtp: result.smtp.kind ?? "ok", imap: result.imap.kind ?? "ok" },
    "mailbox connection tested",
  );
  return { result, mailbox: await viewOf(db, await findMailbox(db, workspaceId, id)) };
}

async function testWithStoredLogin(
  db: DbOrTx,
  mailbox: Mailbox,
  opts: { timeoutMs?: number; fetch?: typeof fetch },
): Promise<{ result: ConnectionTestResult; noToken: boolean }> {
  let smtp: ServerSettings;
  let imap: ServerSettings;
  try {
    smtp = await mailboxServer(mailbox, "smtp", { db, fetch: opts.fetch });
    imap = await mailboxServer(mailbox, "imap", { db, fetch: opts.fetch });
  } catch (err) {
    // no token to log in with: both protocols fail for the same reason
    const failed: ProtocolResult =
      err instanceof OAuthTokenError && err.revoked
        ? {
            ok: false,
            kind: "auth",
            error: `${err.provider} refused the stored grant (${err.oauthError}) — reconnect the mailbox`,
          }
        : { ok: false, kind: "config", error: (err as Error).message };
    return { result: { ok: false, smtp: failed, imap: failed }, noToken: true };
  }
  return { result: await testMailboxConnection({ smtp, imap }, opts), noToken: false };
}

function authReason(result: ConnectionTestResult): string {
  const parts: string[] = [];
  if (result.smtp.kind === "auth") parts.push(`SMTP ${result.smtp.error}`);
  if (result.imap.kind === "auth") parts.push(`IMAP ${result.imap.error}`);
  return [...new Set(parts)].join("; ");
}
