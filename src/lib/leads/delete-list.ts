import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadLists } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** Delete a list; its leads stay (they may be on other lists or in campaigns). */
export async function deleteList(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  const rows = await db
    .delete(leadLists)
    .where(and(eq(leadLists.workspaceId, workspaceId), eq(leadLists.id, id)))
    .returning({ id: leadLists.id });
  if (rows.length === 0) throw notFound("lead list");
}
