import { and, desc, eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import type { Db } from "@/lib/db/client";
import { type FolderRole, type Mailbox, mailboxes, mailboxFolders, sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { recordAuthFailure, recordAuthSuccess } from "@/lib/mailboxes/auth-failures";
import { getImapClientOptions } from "@/lib/mailboxes/get-imap-client-options";
import { parseMessage } from "./parse-message";
import { type StoreResult, storeInboundMessage } from "./store-message";

export type SyncResult = { folders: { path: string; role: FolderRole; fetched: number; stored: number }[] };

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
      await recordAuthFailure(db, mailbox.id, `IMAP login failed: ${e.responseText ?? e.message}`);
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
) {
  const lock = await client.getMailboxLock(folder.path);
  try {
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
    let stored = 0;
    let lastUid = fresh ? 0 : cursor.lastUid;
    for (let i = 0; i < uids.length; i += 50) {
      const chunk = uids.slice(i, i + 50);
      for await (const m of client.fetch(
        chunk.join(","),
        { uid: true, source: true, internalDate: true },
        { uid: true },
      )) {
        if (!m.source) continue;
        const r: StoreResult =
          folder.role === "sent"
            ? await recordProviderMessageId(db, mailbox, m.source)
            : await storeInboundMessage(db, {
                mailbox,
                folder: folder.role,
                uid: m.uid,
                uidValidity,
                raw: m.source,
                receivedAt: m.internalDate ? new Date(m.internalDate) : new Date(),
              });
        if (r.stored) stored++;
        lastUid = Math.max(lastUid, m.uid);
      }
      await saveCursor(db, mailbox, folder, uidValidity, lastUid);
    }
    if (!uids.length) await saveCursor(db, mailbox, folder, uidValidity, lastUid);
    return { fetched: uids.length, stored };
  } finally {
    lock.release();
  }
}

async function saveCursor(
  db: Db,
  mailbox: Mailbox,
  folder: { path: string; role: FolderRole },
  uidValidity: number | null,
  lastUid: number,
) {
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
      lastSyncedAt: new Date(),
    })
    .onConflictDoUpdate({
      target: [mailboxFolders.mailboxId, mailboxFolders.path],
      set: { uidValidity, lastUid, lastSyncedAt: new Date() },
    });
}

/**
 * A copy in Sent whose Message-ID is not ours: remember it on our row. The row is found by our
 * X-Campaign-ID + X-Lead-ID (own workspace and this mailbox only); when several steps went to the
 * lead, by the copy's decoded Subject (MIME encoded-words are decoded first, so a non-ASCII subject
 * matches), then its In-Reply-To (a threaded step), then the send closest to the copy's Date.
 */
async function recordProviderMessageId(db: Db, mailbox: Mailbox, raw: Buffer): Promise<StoreResult> {
  const log = logger.child({ component: "inbox-sync", mailboxId: mailbox.id });
  const copy = await parseMessage(headerBlock(raw));
  const messageId = copy.messageId;
  const campaignId = copy.headers["x-campaign-id"];
  const leadId = copy.headers["x-lead-id"];
  if (!messageId || !campaignId || !leadId) return { stored: false };
  const candidates = await db
    .select()
    .from(sentEmails)
    .where(
      and(
        eq(sentEmails.workspaceId, mailbox.workspaceId),
        eq(sentEmails.mailboxId, mailbox.id),
        eq(sentEmails.campaignId, campaignId),
        eq(sentEmails.leadId, leadId),
      ),
    )
    .orderBy(desc(sentEmails.sentAt));
  // our own id came back unchanged, or this rewrite is known already: nothing to learn
  if (candidates.some((c) => c.messageId === messageId || c.providerMessageId === messageId))
    return { stored: false };
  let open = candidates.filter((c) => !c.providerMessageId && c.status === "sent");
  const narrow = (keep: (c: (typeof open)[number]) => boolean) => {
    const kept = open.filter(keep);
    if (kept.length) open = kept;
  };
  if (open.length > 1 && copy.subject) narrow((c) => c.subject === copy.subject);
  if (open.length > 1) narrow((c) => (c.inReplyTo ?? null) === copy.inReplyTo);
  const sentAt = copy.date?.getTime();
  if (open.length > 1 && sentAt !== undefined && !Number.isNaN(sentAt)) {
    const distance = (c: (typeof open)[number]) => Math.abs((c.sentAt?.getTime() ?? 0) - sentAt);
    open = [...open].sort((a, b) => distance(a) - distance(b));
  }
  const match = open[0];
  if (!match) {
    log.info({ providerMessageId: messageId, campaignId, leadId }, "Sent copy matches no open send");
    return { stored: false };
  }
  await db.update(sentEmails).set({ providerMessageId: messageId }).where(eq(sentEmails.id, match.id));
  log.info(
    { sentEmailId: match.id, providerMessageId: messageId },
    "provider rewrote our Message-ID: recorded",
  );
  return { stored: true };
}

/** The header block of a raw message (up to the first blank line), enough to parse its headers. */
function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const cut = [end >= 0 ? end + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((i) => i >= 0);
  return cut.length ? raw.subarray(0, Math.min(...cut)) : raw;
}
