import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadListMembers } from "@/lib/db/schema";
import { requireList } from "./add-leads-to-list";

/** Take leads off a list (the leads themselves stay). Returns how many were on it. */
export async function removeFromList(
  db: DbOrTx,
  opts: { workspaceId: string; listId: string; leadIds: string[] },
): Promise<{ removed: number }> {
  await requireList(db, opts.workspaceId, opts.listId);
  if (opts.leadIds.length === 0) return { removed: 0 };
  const rows = await db
    .delete(leadListMembers)
    .where(
      and(
        eq(leadListMembers.workspaceId, opts.workspaceId),
        eq(leadListMembers.listId, opts.listId),
        inArray(leadListMembers.leadId, opts.leadIds),
      ),
    )
    .returning({ leadId: leadListMembers.leadId });
  return { removed: rows.length };
}
