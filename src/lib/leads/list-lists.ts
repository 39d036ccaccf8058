import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadListMembers, leadLists } from "@/lib/db/schema";
import { type LeadListView, toLeadListView } from "./lead-view";

/** The workspace's lists by name, each with its number of leads. */
export async function listLists(db: DbOrTx, workspaceId: string): Promise<LeadListView[]> {
  const rows = await db
    .select({ list: leadLists, n: sql<number>`count(${leadListMembers.leadId})::int` })
    .from(leadLists)
    .leftJoin(leadListMembers, eq(leadListMembers.listId, leadLists.id))
    .where(eq(leadLists.workspaceId, workspaceId))
    .groupBy(leadLists.id)
    .orderBy(asc(leadLists.name), asc(leadLists.createdAt));
  return rows.map((r) => toLeadListView(r.list, r.n));
}
