import { and, eq, isNotNull, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { getPool } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import { syncMailbox } from "@/lib/inbox/sync";
import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";

/** Queue a sync for every mailbox that can be read (the per-minute cron, and /api/cron/inbox-sync). */
export async function queueInboxSyncs(db: Db) {
  const boxes = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(
      and(
        eq(mailboxes.status, "active"),
        or(
          isNotNull(mailboxes.imapHost),
          eq(mailboxes.provider, "google"),
          eq(mailboxes.provider, "microsoft"),
        ),
      ),
    );
  for (const b of boxes) {
    // at most one queued sync per mailbox a minute
    await enqueue("inbox.sync", { mailboxId: b.id }, { singletonKey: `sync:${b.id}`, singletonSeconds: 60 });
  }
  return { queued: boxes.length };
}

/**
 * One sync per mailbox at a time, across every worker: a session advisory lock keyed by the
 * mailbox. A sync that finds the lock taken does nothing (the running one will see the mail).
 */
export async function runInboxSync(db: Db, mailboxId: string) {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      "select pg_try_advisory_lock(hashtext('inbox-sync'), hashtext($1)) as ok",
      [mailboxId],
    );
    if (!rows[0]?.ok) {
      logger.debug({ mailboxId }, "inbox sync already running elsewhere");
      return { skipped: true };
    }
    try {
      return await syncMailbox(db, mailboxId);
    } finally {
      await client.query("select pg_advisory_unlock(hashtext('inbox-sync'), hashtext($1))", [mailboxId]);
    }
  } finally {
    client.release();
  }
}
