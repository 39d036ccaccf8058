import { decryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { TestConnectionInputType } from "./api-schemas";
import { assertMailboxHosts } from "./assert-mailbox-hosts";
import { findMailbox } from "./find-mailbox";
import type { ServerSettings } from "./server-options";
import { type ConnectionTestResult, testMailboxConnection } from "./test-connection";

/**
 * "Test" on the form, before saving. When editing a saved mailbox (`mailboxId`) a blank password
 * means the stored one, which the browser never has. Nothing is stored or counted. A host that
 * resolves to a private address is refused (400) before any connection: see assertMailboxHosts.
 */
export async function testUnsavedMailbox(
  db: DbOrTx,
  workspaceId: string,
  input: TestConnectionInputType,
  opts: { timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  await assertMailboxHosts(input);
  const saved = input.mailboxId ? await findMailbox(db, workspaceId, input.mailboxId) : null;
  const stored = (enc: string | null | undefined) => (enc ? decryptSecret(enc) : "");
  const smtpPassword = input.smtp.password || stored(saved?.smtpPasswordEnc);
  const imapPassword = input.imap.password || stored(saved?.imapPasswordEnc) || smtpPassword;
  const server = (s: TestConnectionInputType["smtp"], user: string, pass: string): ServerSettings => ({
    host: s.host,
    port: s.port,
    security: s.security,
    auth: { user, pass },
  });
  const smtpUser = input.smtp.user || input.email;
  return testMailboxConnection(
    {
      smtp: server(input.smtp, smtpUser, smtpPassword),
      imap: server(input.imap, input.imap.user || smtpUser, imapPassword),
    },
    opts,
  );
}
