import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leads } from "@/lib/db/schema";

/**
 * Delete leads of the workspace by id (with their list memberships and campaign history);
 * ids of other workspaces are ignored. Returns how many went.
 */
export async function deleteLeads(db: DbOrTx, workspaceId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .delete(leads)
    .where(and(eq(leads.workspaceId, workspaceId), inArray(leads.id, ids)))
    .returning({ id: leads.id });
  return rows.length;
}
