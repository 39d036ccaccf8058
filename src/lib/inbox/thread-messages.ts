import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { inboxMessages } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** All received messages of the thread that `id` belongs to, oldest first (workspace-scoped). */
export async function threadMessages(db: DbOrTx, workspaceId: string, id: string) {
  const [anchor] = await db
    .select()
    .from(inboxMessages)
    .where(and(eq(inboxMessages.workspaceId, workspaceId), eq(inboxMessages.id, id)));
  if (!anchor) throw notFound("conversation");
  const all = anchor.threadKey
    ? await db
        .select()
        .from(inboxMessages)
        .where(and(eq(inboxMessages.workspaceId, workspaceId), eq(inboxMessages.threadKey, anchor.threadKey)))
        .orderBy(asc(inboxMessages.receivedAt))
    : [anchor];
  return { anchor, all };
}
