import type { DbOrTx } from "@/lib/db/client";
import { setMailboxStatus } from "./set-mailbox-status";

/**
 * Send again: from "paused", and from "error" once someone has fixed what broke (a failing
 * mailbox goes back to "error" after three more failed logins).
 */
export async function resumeMailbox(db: DbOrTx, workspaceId: string, id: string, now = new Date()) {
  return setMailboxStatus(
    db,
    workspaceId,
    id,
    { status: "active", statusReason: null, authFailures: 0, updatedAt: now },
    now,
  );
}
