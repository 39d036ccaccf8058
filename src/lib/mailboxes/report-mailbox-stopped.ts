import type { DbOrTx } from "@/lib/db/client";
import { emitEvent } from "@/lib/webhooks/emit-event";

/**
 * Say that a mailbox stopped sending (`mailbox.error`: webhooks, and the emails of people who
 * opted in). Call it only on the change (the update that set the status found it otherwise), so a
 * mailbox that keeps failing is reported once. Given a transaction, its webhook deliveries are
 * picked up by the stranded-delivery sweep (every minute) once committed.
 */
export async function reportMailboxStopped(
  db: DbOrTx,
  m: { workspaceId: string; mailboxId: string; email: string; status: "error" | "paused"; reason: string },
): Promise<void> {
  await emitEvent(db, {
    workspaceId: m.workspaceId,
    type: "mailbox.error",
    payload: { mailboxId: m.mailboxId, email: m.email, status: m.status, reason: m.reason },
  });
}
