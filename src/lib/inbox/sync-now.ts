import { and, asc, eq, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { mailboxes, mailboxFolders } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { producer } from "@/lib/queue/enqueue";
import { inboxSync } from "@/lib/queue/jobs";

/** A mailbox the sync can read: IMAP settings, or a Google or Microsoft connection. */
export const readable = or(
  isNotNull(mailboxes.imapHost),
  eq(mailboxes.provider, "google"),
  eq(mailboxes.provider, "microsoft"),
);

/** At most one pressed sync of a mailbox is queued per this many seconds (pg-boss singleton slots). */
const SYNC_NOW_EVERY_SECONDS = 5;

/**
 * "Check for new mail": a sync of each of the workspace's active readable mailboxes (or of one),
 * queued now instead of at the next minute. The worker's per-mailbox lock keeps it from running
 * beside the minute's own sync of the same mailbox; then the running one reads the new mail.
 */
export async function syncInboxNow(db: Db, workspaceId: string, mailboxId?: string) {
  const requestedAt = new Date();
  const boxes = await db
    .select({
      id: mailboxes.id,
      status: mailboxes.status,
      readable: sql<boolean>`coalesce(${readable}, false)`,
    })
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, workspaceId), mailboxId ? eq(mailboxes.id, mailboxId) : undefined));
  if (mailboxId && !boxes.length) throw notFound("mailbox");
  const due = boxes.filter((b) => b.readable && b.status === "active");
  // one insert for every mailbox (an agency has hundreds), not a round trip each
  if (due.length) {
    const boss = await producer();
    await boss.insert(
      inboxSync.name,
      due.map((b) => ({
        data: inboxSync.payload.parse({ mailboxId: b.id }),
        singletonKey: `sync-now:${b.id}`,
        singletonSeconds: SYNC_NOW_EVERY_SECONDS,
      })),
    );
  }
  return {
    requestedAt: requestedAt.toISOString(),
    queued: due.map((b) => b.id),
    skipped: boxes.filter((b) => !due.includes(b)).map((b) => ({ id: b.id, reason: skipReason(b) })),
  };
}

function skipReason(b: { status: string; readable: boolean }) {
  if (!b.readable) return "no IMAP settings: this mailbox only sends";
  if (b.status === "error") return "the mailbox is in error: reconnect it on the Mailboxes page";
  return "the mailbox is paused";
}

/**
 * When each mailbox's INBOX was last read (null before its first sync), for "Check for new mail" to
 * wait on, and for people to see that mail is being read at all.
 */
export async function inboxSyncStatus(db: Db, workspaceId: string) {
  const rows = await db
    .select({
      id: mailboxes.id,
      email: mailboxes.email,
      status: mailboxes.status,
      readable: sql<boolean>`coalesce(${readable}, false)`,
      lastSyncedAt: mailboxFolders.lastSyncedAt,
    })
    .from(mailboxes)
    .leftJoin(
      mailboxFolders,
      and(eq(mailboxFolders.mailboxId, mailboxes.id), eq(mailboxFolders.role, "inbox")),
    )
    .where(eq(mailboxes.workspaceId, workspaceId))
    .orderBy(asc(mailboxes.email));
  return {
    data: rows.map((r) => ({
      id: r.id,
      email: r.email,
      status: r.status,
      readable: r.readable,
      lastSyncedAt: r.lastSyncedAt?.toISOString() ?? null,
    })),
  };
}
