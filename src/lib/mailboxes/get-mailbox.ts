import type { DbOrTx } from "@/lib/db/client";
import type { MailboxView } from "./api-schemas";
import { findMailbox } from "./find-mailbox";
import { viewOf } from "./mailbox-view";

export async function getMailbox(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  now = new Date(),
): Promise<MailboxView> {
  return viewOf(db, await findMailbox(db, workspaceId, id), now);
}
