import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { AppError } from "@/lib/errors";
import { describeConnectionError, type FailureKind } from "./connection-errors";
import { pinServer } from "./pin-server";
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

async function checkSmtp(given: ServerSettings, timeoutMs: number): Promise<ProtocolResult> {
  let server: ServerSettings;
  try {
    server = await pinned(given, "smtp");
  } catch (err) {
    return failed(err, "smtp", given);
  }
  const transport = nodemailer.createTransport(
    smtpOptions(server, { connectMs: timeoutMs, socketMs: timeoutMs }),
  );
  try {
    await withDeadline(transport.verify(), timeoutMs, server);
    return { ok: true, error: null, kind: null };
  } catch (err) {
    return failed(err, "smtp", server);
  } finally {
    transport.close();
  }
}

async function checkImap(given: ServerSettings, timeoutMs: number): Promise<ProtocolResult> {
  let server: ServerSettings;
  try {
    server = await pinned(given, "imap");
  } catch (err) {
    return failed(err, "imap", given);
  }
  const client = new ImapFlow({
    ...imapOptions(server, { connectMs: timeoutMs, socketMs: timeoutMs }),
    verifyOnly: true,
  });
  client.on("error", () => {}); // a late socket error after the verdict must not crash the process
  try {
    await withDeadline(client.connect(), timeoutMs, server);
    return { ok: true, error: null, kind: null };
  } catch (err) {
    return failed(err, "imap", server);
  } finally {
    client.close();
  }
}

// form values come without an address: resolve and check here, right before connecting
const pinned = (server: ServerSettings, protocol: "smtp" | "imap") =>
  server.address || server.fixedHost ? Promise.resolve(server) : pinServer(server, protocol);

/** A refused address is a setting to change (nothing was connected); the rest in the servers' words. */
function failed(err: unknown, protocol: "smtp" | "imap", server: ServerSettings): ProtocolResult {
  if (err instanceof AppError) return { ok: false, kind: "config", error: err.message };
  return { ok: false, ...describeConnectionError(err, protocol, server) };
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
