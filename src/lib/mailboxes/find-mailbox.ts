import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Mailbox, mailboxes } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** The mailbox row in this workspace; another workspace's mailbox is "not found", never "forbidden". */
export async function findMailbox(db: DbOrTx, workspaceId: string, id: string): Promise<Mailbox> {
  const [row] = await db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id)))
    .limit(1);
  if (!row) throw notFound("mailbox");
  return row;
}
