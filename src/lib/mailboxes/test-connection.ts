import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { describeConnectionError, type FailureKind } from "./connection-errors";
import { imapOptions, type ServerSettings, smtpOptions } from "./server-options";

export type ProtocolResult = { ok: boolean; error: string | null; kind: FailureKind | null };
export type ConnectionTestResult = { ok: boolean; smtp: ProtocolResult; imap: ProtocolResult };

const TEST_TIMEOUT_MS = 10_000;

/**
 * Log in to both servers for real — SMTP (EHLO, TLS as configured, AUTH) and IMAP (LOGIN or
 * XOAUTH2, then LOGOUT) — at the same time, each within the timeout. Sends nothing. Works on
 * form values as much as on a saved mailbox (see test-saved-mailbox.ts).
 */
export async function testMailboxConnection(
  servers: { smtp: ServerSettings; imap: ServerSettings },
  opts: { timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = opts.timeoutMs ?? TEST_TIMEOUT_MS;
  const [smtp, imap] = await Promise.all([
    checkSmtp(servers.smtp, timeoutMs),
    checkImap(servers.imap, timeoutMs),
  ]);
  return { ok: smtp.ok && imap.ok, smtp, imap };
}

async function checkSmtp(server: ServerSettings, timeoutMs: number): Promise<ProtocolResult> {
  const transport = nodemailer.createTransport(
    smtpOptions(server, { connectMs: timeoutMs, socketMs: timeoutMs }),
  );
  try {
    await withDeadline(transport.verify(), timeoutMs, server);
    return { ok: true, error: null, kind: null };
  } catch (err) {
    return { ok: false, ...describeConnectionError(err, "smtp", server) };
  } finally {
    transport.close();
  }
}

async function checkImap(server: ServerSettings, timeoutMs: number): Promise<ProtocolResult> {
  const client = new ImapFlow({
    ...imapOptions(server, { connectMs: timeoutMs, socketMs: timeoutMs }),
    verifyOnly: true,
  });
  client.on("error", () => {}); // a late socket error after the verdict must not crash the process
  try {
    await withDeadline(client.connect(), timeoutMs, server);
    return { ok: true, error: null, kind: null };
  } catch (err) {
    return { ok: false, ...describeConnectionError(err, "imap", server) };
  } finally {
    client.close();
  }
}

/** The libraries' own timeouts cover each phase; this caps the whole login (slow TLS + slow AUTH). */
function withDeadline<T>(work: Promise<T>, ms: number, server: ServerSettings): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`timeout after ${ms} ms at ${server.host}`), { code: "ETIMEDOUT" })),
      ms + 2000,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
