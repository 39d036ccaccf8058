import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadLists } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { getList } from "./get-list";

export async function renameList(db: DbOrTx, workspaceId: string, id: string, name: string) {
  const [row] = await db
    .update(leadLists)
    .set({ name: name.trim() })
    .where(and(eq(leadLists.workspaceId, workspaceId), eq(leadLists.id, id)))
    .returning({ id: leadLists.id });
  if (!row) throw notFound("lead list");
  return getList(db, workspaceId, id);
}
