import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import type { MailboxView } from "./api-schemas";
import { findMailbox } from "./find-mailbox";
import { viewOf } from "./mailbox-view";

/** Stop sending from a mailbox until it is resumed; the scheduler only picks active ones. */
export async function pauseMailbox(db: DbOrTx, workspaceId: string, id: string, now = new Date()) {
  return setStatus(
    db,
    workspaceId,
    id,
    { status: "paused", statusReason: "paused by a user", updatedAt: now },
    now,
  );
}

/**
 * Send again: from "paused", and from "error" once someone has fixed what broke (a failing
 * mailbox goes back to "error" after three more failed logins).
 */
export async function resumeMailbox(db: DbOrTx, workspaceId: string, id: string, now = new Date()) {
  return setStatus(
    db,
    workspaceId,
    id,
    { status: "active", statusReason: null, authFailures: 0, updatedAt: now },
    now,
  );
}

async function setStatus(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  set: Partial<typeof mailboxes.$inferInsert>,
  now: Date,
): Promise<MailboxView> {
  await findMailbox(db, workspaceId, id);
  const [row] = await db
    .update(mailboxes)
    .set(set)
    .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)))
    .returning();
  return viewOf(db, row!, now);
}
