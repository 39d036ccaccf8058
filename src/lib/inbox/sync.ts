import { and, desc, eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import type { Db } from "@/lib/db/client";
import { type FolderRole, type Mailbox, mailboxes, mailboxFolders, sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { recordAuthFailure, recordAuthSuccess } from "@/lib/mailboxes/auth-failures";
import { getImapClientOptions } from "@/lib/mailboxes/get-imap-client-options";
import { parseHeaderBlock } from "./parse-header-block";
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
    const folders: { path: string; role: FolderRole }[] = [{ path: "INBOX", role: "inbox" }];
    for (const f of list) {
      if (f.specialUse === "\\Junk") folders.push({ path: f.path, role: "junk" });
      if (f.specialUse === "\\Sent") folders.push({ path: f.path, role: "sent" });
    }
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
            ? await recordProviderMessageId(db, m.source)
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

/** A copy in Sent whose Message-ID is not ours: remember it on our row, found by our X- headers. */
async function recordProviderMessageId(db: Db, raw: Buffer): Promise<StoreResult> {
  const fields = parseHeaderBlock(raw.subarray(0, 64 * 1024).toString("utf8"));
  const header = (name: string) => fields[name];
  const messageId = header("message-id");
  const campaignId = header("x-campaign-id");
  const leadId = header("x-lead-id");
  if (!messageId || !campaignId || !leadId) return { stored: false };
  const candidates = await db
    .select()
    .from(sentEmails)
    .where(and(eq(sentEmails.campaignId, campaignId), eq(sentEmails.leadId, leadId)))
    .orderBy(desc(sentEmails.sentAt));
  // our own id came back unchanged, or this rewrite is known already: nothing to learn
  if (candidates.some((c) => c.messageId === messageId || c.providerMessageId === messageId))
    return { stored: false };
  // several steps went to this lead: the copy is the unmatched one with its subject, latest first
  const subject = header("subject");
  const open = candidates.filter((c) => !c.providerMessageId && c.status === "sent");
  const match = open.find((c) => subject && c.subject === subject) ?? open[0];
  if (!match) return { stored: false };
  await db.update(sentEmails).set({ providerMessageId: messageId }).where(eq(sentEmails.id, match.id));
  logger.info(
    { sentEmailId: match.id, providerMessageId: messageId },
    "provider rewrote our Message-ID: recorded",
  );
  return { stored: true };
}
