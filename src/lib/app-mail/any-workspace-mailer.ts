import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes, workspaceMailers } from "@/lib/db/schema";

/**
 * Whether some workspace has a working mailbox chosen as its mailer: without SYSTEM_SMTP_URL, a
 * signed-out page (forgot password) cannot know the person, but may promise a link if any can go.
 */
export async function anyWorkspaceMailer(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ id: workspaceMailers.workspaceId })
    .from(workspaceMailers)
    .innerJoin(mailboxes, and(eq(mailboxes.id, workspaceMailers.mailboxId), ne(mailboxes.status, "error")))
    .limit(1);
  return Boolean(row);
}
