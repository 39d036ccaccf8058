import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import { reportMailboxStopped } from "./report-mailbox-stopped";

/**
 * Stop a mailbox for a reason a person must fix (status "error", shown with the reason): its
 * server's host now resolves to an address the operator does not allow. Resuming it after the fix
 * sends again; until then the scheduler picks nothing from it.
 */
export async function stopMailbox(db: DbOrTx, mailboxId: string, reason: string, now = new Date()) {
  const [changed] = await db
    .update(mailboxes)
    .set({ status: "error", statusReason: reason, updatedAt: now })
    .where(and(eq(mailboxes.id, mailboxId), ne(mailboxes.status, "error")))
    .returning({ workspaceId: mailboxes.workspaceId, email: mailboxes.email });
  if (changed) await reportMailboxStopped(db, { ...changed, mailboxId, status: "error", reason });
  else
    await db
      .update(mailboxes)
      .set({ statusReason: reason, updatedAt: now })
      .where(eq(mailboxes.id, mailboxId));
}
