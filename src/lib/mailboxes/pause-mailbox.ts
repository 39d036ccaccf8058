import type { DbOrTx } from "@/lib/db/client";
import { setMailboxStatus } from "./set-mailbox-status";

/** Stop sending from a mailbox until it is resumed; the scheduler only picks active ones. */
export async function pauseMailbox(db: DbOrTx, workspaceId: string, id: string, now = new Date()) {
  return setMailboxStatus(
    db,
    workspaceId,
    id,
    { status: "paused", statusReason: "paused by a user", updatedAt: now },
    now,
  );
}
