import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { syncMailbox } from "./sync";

/**
 * The `inbox.sync` job. One sync per mailbox at a time, across every worker: a session advisory
 * lock keyed by the mailbox. A sync that finds the lock taken does nothing (the running one will
 * see the mail).
 */
export async function runInboxSync(db: Db, mailboxId: string) {
  const lock = await tryAdvisoryLock(`inbox-sync:${mailboxId}`);
  if (!lock) {
    logger.debug({ mailboxId }, "inbox sync already running elsewhere");
    return { skipped: true };
  }
  try {
    return await syncMailbox(db, mailboxId);
  } finally {
    await lock.release();
  }
}
