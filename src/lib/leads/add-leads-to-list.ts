import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadListMembers, leadLists, leads } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/**
 * Put leads on a list. Only the workspace's own leads are added (other ids are skipped, never an
 * error that would reveal them); adding a lead twice is a no-op. Returns how many were new.
 */
export async function addLeadsToList(
  db: DbOrTx,
  opts: { workspaceId: string; listId: string; leadIds: string[] },
): Promise<{ added: number }> {
  await requireList(db, opts.workspaceId, opts.listId);
  if (opts.leadIds.length === 0) return { added: 0 };
  const added = await db
    .insert(leadListMembers)
    .select(
      db
        .select({
          listId: sql<string>`${opts.listId}::text`.as("list_id"),
          leadId: leads.id,
          workspaceId: leads.workspaceId,
          addedAt: sql<Date>`now()`.as("added_at"),
        })
        .from(leads)
        .where(and(eq(leads.workspaceId, opts.workspaceId), inArray(leads.id, opts.leadIds))),
    )
    .onConflictDoNothing()
    .returning({ leadId: leadListMembers.leadId });
  return { added: added.length };
}

export async function requireList(db: DbOrTx, workspaceId: string, listId: string): Promise<void> {
  const [list] = await db
    .select({ id: leadLists.id })
    .from(leadLists)
    .where(and(eq(leadLists.workspaceId, workspaceId), eq(leadLists.id, listId)))
    .limit(1);
  if (!list) throw notFound("lead list");
}
