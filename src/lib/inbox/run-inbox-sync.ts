import { eq } from "drizzle-orm";
import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { Db } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { copySentMail } from "@/lib/sending/copy-sent-mail";
import { syncMailbox } from "./sync";

/**
 * The `inbox.sync` job. One sync per mailbox at a time, across every worker: a session advisory
 * lock keyed by the mailbox. A sync that finds the lock taken does nothing (the running one will
 * see the mail). After the sync, the copies of the campaign emails the mailbox sent go to its
 * Sent folder (copySentMail).
 */
export async function runInboxSync(db: Db, mailboxId: string) {
  const lock = await tryAdvisoryLock(`inbox-sync:${mailboxId}`);
  if (!lock) {
    logger.debug({ mailboxId }, "inbox sync already running elsewhere");
    return { skipped: true };
  }
  try {
    const synced = await syncMailbox(db, mailboxId);
    // then, under the same lock, the copies of what it sent (a failure here is the copy's alone)
    const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
    const copies = mailbox
      ? await copySentMail(db, mailbox).catch((err) => {
          logger.warn({ mailboxId, err }, "could not copy sent mail to the Sent folder");
          return { copied: 0, error: err instanceof Error ? err.message : String(err) };
        })
      : { copied: 0 };
    return { ...synced, sentCopies: copies };
  } finally {
    await lock.release();
  }
}
