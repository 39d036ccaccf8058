import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { workspaceMailers } from "@/lib/db/schema";
import { findMailbox } from "@/lib/mailboxes/find-mailbox";
import type { WorkspaceMailerView } from "./api-schemas";
import { getWorkspaceMailer } from "./get-workspace-mailer";

/**
 * Choose one of the workspace's mailboxes to send its app email, or none (null: the server's
 * mailer). Another workspace's mailbox is "not found".
 */
export async function setWorkspaceMailer(
  db: DbOrTx,
  workspaceId: string,
  mailboxId: string | null,
): Promise<WorkspaceMailerView> {
  if (mailboxId === null)
    await db.delete(workspaceMailers).where(eq(workspaceMailers.workspaceId, workspaceId));
  else {
    await findMailbox(db, workspaceId, mailboxId);
    await db
      .insert(workspaceMailers)
      .values({ workspaceId, mailboxId })
      .onConflictDoUpdate({
        target: workspaceMailers.workspaceId,
        set: { mailboxId, updatedAt: new Date() },
      });
  }
  return getWorkspaceMailer(db, workspaceId);
}
