import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/**
 * Disconnect a mailbox: its stored credentials go with it. Emails it sent stay (their
 * `mailbox_id` becomes null), so campaign history and reply linking are unaffected.
 */
export async function deleteMailbox(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(mailboxes)
    .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)))
    .returning({ id: mailboxes.id });
  if (deleted.length === 0) throw notFound("mailbox");
}
