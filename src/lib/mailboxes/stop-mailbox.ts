import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";

/**
 * Stop a mailbox for a reason a person must fix (status "error", shown with the reason): its
 * server's host now resolves to an address the operator does not allow. Resuming it after the fix
 * sends again; until then the scheduler picks nothing from it.
 */
export async function stopMailbox(db: DbOrTx, mailboxId: string, reason: string, now = new Date()) {
  await db
    .update(mailboxes)
    .set({ status: "error", statusReason: reason, updatedAt: now })
    .where(eq(mailboxes.id, mailboxId));
}
