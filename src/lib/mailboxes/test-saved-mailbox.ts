import type { DbOrTx } from "@/lib/db/client";
import type { Mailbox } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import type { MailboxView } from "./api-schemas";
import { recordAuthFailure, recordAuthSuccess } from "./auth-failures";
import { findMailbox } from "./find-mailbox";
import { mailboxServers } from "./mailbox-servers";
import { viewOf } from "./mailbox-view";
import { OAuthTokenError } from "./oauth/token-endpoint";
import type { ServerSettings } from "./server-options";
import { type ConnectionTestResult, type ProtocolResult, testMailboxConnection } from "./test-connection";

/**
 * "Test" on a saved mailbox: log in to both servers with the stored credentials. A refused login
 * counts towards stopping the mailbox (recordAuthFailure); a test where both logins work clears
 * the count and brings a mailbox stopped by failures back.
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
  let servers: { smtp: ServerSettings; imap: ServerSettings };
  try {
    // each protocol's host is checked by the test itself, so each reports its own refusal
    servers = await mailboxServers(mailbox, { db, fetch: opts.fetch, pin: false });
  } catch (err) {
    // no token to log in with: both protocols fail for the same reason
    const failed: ProtocolResult =
      err instanceof OAuthTokenError && err.revoked
        ? {
            ok: false,
            kind: "auth",
            error: `${err.provider === "google" ? "Google" : "Microsoft"} refused the stored grant (${err.oauthError}) — reconnect the mailbox`,
          }
        : { ok: false, kind: "config", error: (err as Error).message };
    return { result: { ok: false, smtp: failed, imap: failed }, noToken: true };
  }
  return { result: await testMailboxConnection(servers, opts), noToken: false };
}

/** Short, for the status line: the test result itself has the servers' words. */
function authReason(result: ConnectionTestResult): string {
  const refused = (["smtp", "imap"] as const)
    .filter((p) => result[p].kind === "auth")
    .map((p) => p.toUpperCase());
  return `${refused.join(" and ")} ${refused.length > 1 ? "logins" : "login"} refused: authentication failed`;
}
