import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import { readable } from "./sync-now";

/** Queue a sync for every mailbox that can be read (the per-minute cron, and /api/cron/inbox-sync). */
export async function queueInboxSyncs(db: Db) {
  const boxes = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(and(eq(mailboxes.status, "active"), readable));
  for (const b of boxes) {
    // at most one queued sync per mailbox a minute
    await enqueue("inbox.sync", { mailboxId: b.id }, { singletonKey: `sync:${b.id}`, singletonSeconds: 60 });
  }
  return { queued: boxes.length };
}
