import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import type { MailboxView } from "./api-schemas";
import { findMailbox } from "./find-mailbox";
import { viewOf } from "./mailbox-view";

/** Set a mailbox's status fields (another workspace's is "not found") and return its view. */
export async function setMailboxStatus(
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
