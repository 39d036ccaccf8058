import { and, eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { pauseCampaignsLeftWithoutMailboxes } from "@/lib/campaigns/pause-campaigns-left-without-mailboxes";
import type { Db, DbOrTx } from "@/lib/db/client";
import { type FolderRole, type Mailbox, mailboxes, mailboxFolders } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { recordAuthFailure, recordAuthSuccess } from "@/lib/mailboxes/auth-failures";
import { getImapClientOptions } from "@/lib/mailboxes/get-imap-client-options";
import { dispatchDeliveries, endpointCache } from "@/lib/webhooks/emit-event";
import type { ParsedMessage } from "./parse-message";
import { parseSentCopy, recordProviderMessageId } from "./record-provider-message-id";
import { type PreparedMessage, prepareInbound, storeInboundMessages } from "./store-message";

export type SyncResult = {
  folders: {
    path: string;
    role: FolderRole;
    fetched: number;
    stored: number;
    /** messages that could not be parsed or stored (each logged with its UID) */
    skipped: number;
  }[];
};

/**
 * Sync one mailbox: INBOX and the Junk folder (special-use), plus the Sent folder to learn the
 * Message-IDs providers rewrote (Microsoft 365 replaces ours; our X- headers survive, so the
 * copy in Sent tells us which id replies will quote). The cursor is UIDVALIDITY + last UID per
 * folder; the first sync reaches back `windowDays`; a changed UIDVALIDITY starts the folder over,
 * and the unique (mailbox, Message-ID) index keeps that from storing anything twice.
 */
export async function syncMailbox(
  db: Db,
  mailboxId: string,
  opts: { now?: Date; windowDays?: number } = {},
): Promise<SyncResult> {
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox) throw new Error(`mailbox ${mailboxId} not found`);
  const log = logger.child({ component: "inbox-sync", mailboxId });
  const client = new ImapFlow({ ...(await getImapClientOptions(mailbox)), logger: false });
  try {
    await client.connect();
  } catch (err) {
    const e = err as { authenticationFailed?: boolean; responseText?: string; message: string };
    if (e.authenticationFailed) {
      const counted = await recordAuthFailure(
        db,
        mailbox.id,
        `IMAP login failed: ${e.responseText ?? e.message}`,
      );
      if (counted.stopped) {
        const { email, reason } = counted.stopped;
        await db.transaction((tx) =>
          pauseCampaignsLeftWithoutMailboxes(tx, {
            mailboxId: mailbox.id,
            email,
            reason,
            stoppedAs: "error",
          }),
        );
      }
    }
    throw err;
  }
  if (mailbox.authFailures > 0) await recordAuthSuccess(db, mailbox.id);
  const result: SyncResult = { folders: [] };
  try {
    const list = await client.list();
    // Sent first: a reply quoting a rewritten Message-ID is linked in the same pass that learns it
    const folders: { path: string; role: FolderRole }[] = [];
    for (const f of list) if (f.specialUse === "\\Sent") folders.push({ path: f.path, role: "sent" });
    folders.push({ path: "INBOX", role: "inbox" });
    for (const f of list) if (f.specialUse === "\\Junk") folders.push({ path: f.path, role: "junk" });
    for (const folder of folders) {
      result.folders.push({ ...folder, ...(await syncFolder(db, client, mailbox, folder, opts)) });
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  log.debug({ result }, "mailbox synced");
  return result;
}

async function syncFolder(
  db: Db,
  client: ImapFlow,
  mailbox: Mailbox,
  folder: { path: string; role: FolderRole },
  opts: { now?: Date; windowDays?: number },
): Promise<FolderResult> {
  const lock = await client.getMailboxLock(folder.path);
  try {
    const readAt = new Date();
    const status = client.mailbox;
    const uidValidity = status ? Number(status.uidValidity) : null;
    const [cursor] = await db
      .select()
      .from(mailboxFolders)
      .where(and(eq(mailboxFolders.mailboxId, mailbox.id), eq(mailboxFolders.path, folder.path)));
    const fresh = !cursor || cursor.uidValidity !== uidValidity;
    let uids: number[];
    if (fresh) {
      const since = new Date((opts.now ?? new Date()).getTime() - (opts.windowDays ?? 30) * 86_400_000);
      uids = (await client.search({ since }, { uid: true })) || [];
    } else {
      // "N:*" always includes the last message, even when it is older than N
      uids = ((await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true })) || []).filter(
        (u) => u > cursor.lastUid,
      );
    }
    const target: ChunkTarget = { mailbox, folder, uidValidity, readAt };
    const totals = await fetchAndStore(db, client, target, uids);
    if (!uids.length) await saveCursor(db, target, fresh ? 0 : cursor.lastUid);
    return { fetched: uids.length, ...totals };
  } finally {
    lock.release();
  }
}

/**
 * Fetching and parsing run ahead of the database: each message is parsed as it arrives while the
 * previous transaction runs, and each transaction stores every message fetched meanwhile, in UID
 * order (at least CHUNK_SIZE unless the folder is done, at most MAX_CHUNK). When the database is
 * the slower side its transactions grow, so their fixed costs (the linking query, the insert, the
 * reply effects' statements, the commit's fsync) are shared by more messages, and Node never
 * waits for a commit while there is mail to parse. Fetching pauses while MAX_CHUNK messages wait,
 * so at most twice that many parsed messages are held (a message's raw source is let go once it
 * is parsed).
 *
 * A failure on either side stops both: a transaction that fails fails the sync (the cursor stays
 * at the last committed message); a dropped IMAP connection lets the transaction in flight finish
 * before the caller releases the mailbox's lock, stores nothing more, and fails (the next sync
 * resumes at the cursor).
 */
async function fetchAndStore(db: Db, client: ImapFlow, target: ChunkTarget, uids: number[]) {
  const queue: Pending[] = [];
  let fetching = true;
  let fetchFailed = false;
  let storeFailed = false;
  const parsedEnough = signal(); // the store loop waits for a chunk
  const roomAhead = signal(); // fetching waits for the store loop to take a chunk

  const storing = (async () => {
    const totals = { stored: 0, skipped: 0 };
    try {
      for (;;) {
        while (fetching && queue.length < CHUNK_SIZE) await parsedEnough.wait();
        if (fetchFailed || !queue.length) return totals;
        const chunk = queue.splice(0, MAX_CHUNK);
        roomAhead.fire();
        add(totals, await storeChunk(db, target, chunk));
      }
    } catch (err) {
      storeFailed = true;
      roomAhead.fire();
      throw err;
    }
  })();
  storing.catch(() => {}); // awaited below; this only marks it handled while fetching goes on

  try {
    for (let i = 0; i < uids.length && !storeFailed; i += FETCH_WINDOW) {
      for await (const m of client.fetch(
        uids.slice(i, i + FETCH_WINDOW).join(","),
        { uid: true, source: true, internalDate: true },
        { uid: true },
      )) {
        // parsing starts as the message arrives, so it overlaps the transaction in flight
        const fetched = { uid: m.uid, raw: m.source ?? null, internalDate: m.internalDate ?? null };
        queue.push({ uid: m.uid, prepared: prepare(target, fetched) });
        if (queue.length >= CHUNK_SIZE) parsedEnough.fire();
        while (queue.length >= MAX_CHUNK && !storeFailed) await roomAhead.wait();
        if (storeFailed) break;
      }
    }
  } catch (err) {
    fetchFailed = true;
    fetching = false;
    parsedEnough.fire();
    await storing.catch(() => {});
    throw err;
  }
  fetching = false;
  parsedEnough.fire();
  return storing;
}

/** Messages stored per transaction (see fetchAndStore), and UIDs asked for per FETCH command. */
const CHUNK_SIZE = 50;
const MAX_CHUNK = 250;
const FETCH_WINDOW = 1000;

/** A wake-up for one waiter: wait() until the next fire(); a fire() with nobody waiting is dropped. */
function signal() {
  let waiting: Promise<void> | null = null;
  let wake = () => {};
  return {
    wait: () => {
      waiting ??= new Promise<void>((resolve) => {
        wake = resolve;
      });
      return waiting;
    },
    fire: () => {
      waiting = null;
      wake();
    },
  };
}

type FetchedMessage = { uid: number; raw: Buffer | null; internalDate: Date | string | null };
type Pending = { uid: number; prepared: Promise<Prepared | null> };
type ChunkTarget = {
  mailbox: Mailbox;
  folder: { path: string; role: FolderRole };
  uidValidity: number | null;
  /** when the folder was opened: what its lastSyncedAt says was read, as of then */
  readAt: Date;
};
type ChunkResult = { stored: number; skipped: number };
type FolderResult = { fetched: number; stored: number; skipped: number };
const add = (into: ChunkResult, r: ChunkResult) => {
  into.stored += r.stored;
  into.skipped += r.skipped;
};

/**
 * Store one fetched chunk, parsed as it arrived (no transaction open meanwhile): one
 * transaction holds the chunk's rows, their effects and the folder's cursor, so the cursor never
 * runs ahead of what is stored and a crash anywhere resumes at the chunk. A message that cannot
 * be parsed is logged and skipped; it cannot take the others with it. If the chunk's transaction
 * fails, each message is tried in a transaction of its own: one whose data PostgreSQL refuses is
 * logged and skipped, any other failure (the database gone) fails the sync, which resumes at the
 * last committed message.
 */
async function storeChunk(db: Db, target: ChunkTarget, fetched: Pending[]): Promise<ChunkResult> {
  const log = logOf(target);
  const prepared = await Promise.all(fetched.map((m) => m.prepared));
  const ready = prepared.filter((p): p is Prepared => p !== null);
  const lastUid = Math.max(...fetched.map((m) => m.uid));
  const unreadable = prepared.length - ready.length;
  try {
    return { stored: await storeInTransaction(db, target, ready, lastUid), skipped: unreadable };
  } catch (err) {
    if (ready.length <= 1 && !isDataError(err)) throw err;
    log.warn({ err: errorText(err) }, "chunk failed to store: storing its messages one by one");
  }
  const result = { stored: 0, skipped: unreadable };
  for (const p of ready) {
    try {
      result.stored += await storeInTransaction(db, target, [p], p.uid);
    } catch (err) {
      if (!isDataError(err)) throw err;
      log.warn({ uid: p.uid, err: errorText(err) }, "message refused by the database: skipped");
      result.skipped++;
    }
  }
  await saveCursor(db, target, lastUid);
  return result;
}

type Prepared = { uid: number } & (
  | { kind: "sent"; copy: ParsedMessage }
  | { kind: "inbound"; message: PreparedMessage }
);

const logOf = (target: ChunkTarget) =>
  logger.child({ component: "inbox-sync", mailboxId: target.mailbox.id, folder: target.folder.path });

/** Parse and classify one message (never throws: an unreadable one is logged and left out). */
async function prepare(target: ChunkTarget, m: FetchedMessage): Promise<Prepared | null> {
  if (!m.raw) return null;
  try {
    // Sent copies only teach us a rewritten Message-ID: their headers are all we read
    if (target.folder.role === "sent") return { uid: m.uid, kind: "sent", copy: await parseSentCopy(m.raw) };
    const date = m.internalDate ? new Date(m.internalDate) : null;
    const receivedAt = date && !Number.isNaN(date.getTime()) ? date : new Date();
    return {
      uid: m.uid,
      kind: "inbound",
      message: await prepareInbound({ uid: m.uid, receivedAt, raw: m.raw }),
    };
  } catch (err) {
    logOf(target).warn({ uid: m.uid, err: errorText(err) }, "message could not be parsed: skipped");
    return null;
  }
}

/** The chunk's rows, effects and cursor in one transaction; webhooks dispatched after commit. */
async function storeInTransaction(db: Db, target: ChunkTarget, ready: Prepared[], lastUid: number) {
  const { stored, deliveryIds } = await db.transaction(async (tx) => {
    let stored = 0;
    let deliveryIds: string[] = [];
    if (target.folder.role === "sent") {
      for (const p of ready)
        if (p.kind === "sent" && (await recordProviderMessageId(tx, target.mailbox, p.copy))) stored++;
    } else {
      const r = await storeInboundMessages(tx, {
        mailbox: target.mailbox,
        folder: target.folder.role,
        uidValidity: target.uidValidity,
        messages: ready.flatMap((p) => (p.kind === "inbound" ? [p.message] : [])),
        endpoints: endpointCache(),
      });
      stored = r.storedIds.length;
      deliveryIds = r.deliveryIds;
    }
    await saveCursor(tx, target, lastUid);
    return { stored, deliveryIds };
  });
  await dispatchDeliveries(deliveryIds);
  return stored;
}

/** SQLSTATE class 22 (data exception): this message's content, not the database, is the problem. */
function isDataError(err: unknown): boolean {
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } }).code ??
    (err as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" && code.startsWith("22");
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function saveCursor(db: DbOrTx, target: ChunkTarget, lastUid: number) {
  const { mailbox, folder, uidValidity, readAt } = target;
  await db
    .insert(mailboxFolders)
    .values({
      id: crypto.randomUUID(),
      workspaceId: mailbox.workspaceId,
      mailboxId: mailbox.id,
      path: folder.path,
      role: folder.role,
      uidValidity,
      lastUid,
      lastSyncedAt: readAt,
    })
    .onConflictDoUpdate({
      target: [mailboxFolders.mailboxId, mailboxFolders.path],
      // never backwards within one UIDVALIDITY (a chunk retried one message at a time saves lower
      // UIDs on the way); a new UIDVALIDITY numbers the folder afresh
      set: {
        uidValidity,
        lastUid: sql`case when ${mailboxFolders.uidValidity} is not distinct from excluded.uid_validity
          then greatest(${mailboxFolders.lastUid}, excluded.last_uid) else excluded.last_uid end`,
        lastSyncedAt: readAt,
      },
    });
}
