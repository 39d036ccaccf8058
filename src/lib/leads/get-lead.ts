import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadListMembers, leads } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { type LeadView, toLeadView } from "./lead-view";

/** One lead with the lists it is on; another workspace's lead is "not found". */
export async function getLead(
  db: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<LeadView & { listIds: string[] }> {
  const [row] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
    .limit(1);
  if (!row) throw notFound("lead");
  const lists = await db
    .select({ listId: leadListMembers.listId })
    .from(leadListMembers)
    .where(and(eq(leadListMembers.leadId, id), eq(leadListMembers.workspaceId, workspaceId)));
  return { ...toLeadView(row), listIds: lists.map((l) => l.listId) };
}
