import { and, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadListMembers, leadLists } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { type LeadListView, toLeadListView } from "./lead-view";

/** One list with its number of leads; another workspace's list is "not found". */
export async function getList(db: DbOrTx, workspaceId: string, id: string): Promise<LeadListView> {
  const [list] = await db
    .select()
    .from(leadLists)
    .where(and(eq(leadLists.workspaceId, workspaceId), eq(leadLists.id, id)))
    .limit(1);
  if (!list) throw notFound("lead list");
  const [members] = await db
    .select({ n: count() })
    .from(leadListMembers)
    .where(eq(leadListMembers.listId, id));
  return toLeadListView(list, members?.n ?? 0);
}
