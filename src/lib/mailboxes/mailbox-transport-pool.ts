import { createHash } from "node:crypto";
import type { Mailbox } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { createMailboxTransport, type MailboxTransport, type PoolLimits } from "./create-mailbox-transport";

/**
 * What each provider lets one mailbox do. Microsoft 365 (SMTP AUTH) allows 3 concurrent
 * connections and 30 messages a minute per mailbox; Google does not publish a per-mailbox
 * connection limit, so it gets the same 3; a custom server gets as much. 100 messages per
 * connection is nodemailer's default and below what any of them closes a session at.
 */
const LIMITS: Record<Mailbox["provider"], PoolLimits> = {
  smtp: { maxConnections: 3, maxMessages: 100, idleTimeoutMs: 30_000 },
  google: { maxConnections: 3, maxMessages: 100, idleTimeoutMs: 30_000 },
  microsoft: {
    maxConnections: 3,
    maxMessages: 100,
    rateLimit: 30,
    rateDeltaMs: 60_000,
    idleTimeoutMs: 30_000,
  },
};

/** A pool is rebuilt this often: the host is resolved and checked again (pinServer), tokens renewed. */
const MAX_AGE_MS = 10 * 60_000;
/** A pool nobody used for this long is closed. */
const IDLE_MS = 60_000;
/** An OAuth pool ends this long before its access token does. */
const TOKEN_MARGIN_MS = 3 * 60_000;

type Entry = {
  mailboxId: string;
  fingerprint: string;
  transport: Promise<MailboxTransport>;
  expiresAt: number;
  lastUsed: number;
  inFlight: number;
  retired: boolean;
};

const g = globalThis as unknown as { __coldframeTransports?: Map<string, Entry> };
const pools = (g.__coldframeTransports ??= new Map<string, Entry>());
let sweeper: NodeJS.Timeout | undefined;

export const poolLimits = (provider: Mailbox["provider"]): PoolLimits => LIMITS[provider];

/**
 * Run `fn` with the mailbox's pooled SMTP transport: connections are opened once and reused for
 * many emails, up to the provider's limits (never shared between mailboxes). The pool is replaced
 * when the mailbox's server or login changes, when it is ten minutes old (re-resolving the host,
 * renewing an OAuth token before it expires), and closed after a minute unused. A replaced pool is
 * closed only once its sends in flight have finished, so no message is cut off mid-DATA.
 *
 * Throws what createMailboxTransport throws (a refused host, no OAuth token), before anything is
 * connected.
 */
export async function withMailboxTransport<T>(
  mailbox: Mailbox,
  fn: (transport: MailboxTransport) => Promise<T>,
): Promise<T> {
  const entry = acquire(mailbox);
  try {
    return await fn(await entry.transport);
  } finally {
    release(entry);
  }
}

/**
 * Stop using the mailbox's pool (after a failed login, or the server refusing the sender): the
 * next email logs in afresh on a new connection. Sends in flight on it finish first.
 */
export function retireMailboxTransport(mailboxId: string): void {
  const entry = pools.get(mailboxId);
  if (entry) retire(entry);
}

/** Close every pool (a worker shutting down, a test's end). */
export async function closeMailboxTransports(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  if (sweeper) clearInterval(sweeper);
  sweeper = undefined;
  await Promise.all(all.map((e) => e.transport.then((t) => t.close()).catch(() => undefined)));
}

/** How many mailboxes have a pool open in this process. */
export const openMailboxTransports = () => pools.size;

function acquire(mailbox: Mailbox): Entry {
  const now = Date.now();
  const fingerprint = fingerprintOf(mailbox);
  let entry = pools.get(mailbox.id);
  if (entry && (entry.fingerprint !== fingerprint || entry.expiresAt <= now)) {
    retire(entry);
    entry = undefined;
  }
  if (!entry) {
    entry = create(mailbox, fingerprint, now);
    pools.set(mailbox.id, entry);
    sweeper ??= setInterval(sweep, 15_000).unref();
  }
  entry.inFlight++;
  entry.lastUsed = now;
  return entry;
}

function create(mailbox: Mailbox, fingerprint: string, now: number): Entry {
  const tokenEnd = mailbox.oauthExpiresAt ? mailbox.oauthExpiresAt.getTime() - TOKEN_MARGIN_MS : Infinity;
  const entry: Entry = {
    mailboxId: mailbox.id,
    fingerprint,
    // a token about to expire is renewed when the transport is made (and stored: the next email
    // then brings a new fingerprint and gets a pool with it)
    expiresAt: Math.max(now + 30_000, Math.min(now + MAX_AGE_MS, tokenEnd)),
    lastUsed: now,
    inFlight: 0,
    retired: false,
    transport: createMailboxTransport(mailbox, { pool: LIMITS[mailbox.provider] }),
  };
  // a failed creation is not kept: the next email tries again
  entry.transport.catch(() => {
    if (pools.get(mailbox.id) === entry) pools.delete(mailbox.id);
  });
  return entry;
}

function release(entry: Entry) {
  entry.inFlight--;
  entry.lastUsed = Date.now();
  if (entry.retired && entry.inFlight === 0) close(entry);
}

function retire(entry: Entry) {
  if (pools.get(entry.mailboxId) === entry) pools.delete(entry.mailboxId);
  entry.retired = true;
  if (entry.inFlight === 0) close(entry);
}

function close(entry: Entry) {
  entry.transport.then(
    (t) => t.close(),
    () => undefined,
  );
}

function sweep() {
  const now = Date.now();
  for (const entry of pools.values()) {
    if (entry.inFlight === 0 && (entry.lastUsed < now - IDLE_MS || entry.expiresAt <= now)) {
      logger.debug({ mailboxId: entry.mailboxId }, "SMTP pool closed: idle or due for renewal");
      retire(entry);
    }
  }
  if (pools.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * What the connection depends on: server, TLS mode, login and its secret (as stored, encrypted).
 * Any change (an edited password, a new OAuth token) means a new pool.
 */
function fingerprintOf(m: Mailbox): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        m.provider,
        m.smtpHost,
        m.smtpPort,
        m.smtpSecurity,
        m.smtpUser,
        m.email,
        m.smtpPasswordEnc,
        m.oauthAccessTokenEnc,
      ]),
    )
    .digest("base64url");
}
