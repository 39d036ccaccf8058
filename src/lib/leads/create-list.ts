import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import { leadLists } from "@/lib/db/schema";
import { type LeadListView, toLeadListView } from "./lead-view";

export async function createList(
  db: DbOrTx,
  opts: { workspaceId: string; name: string },
): Promise<LeadListView> {
  const [row] = await db
    .insert(leadLists)
    .values({ id: randomUUID(), workspaceId: opts.workspaceId, name: opts.name.trim() })
    .returning();
  return toLeadListView(row!, 0);
}
