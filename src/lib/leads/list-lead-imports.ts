import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadImports } from "@/lib/db/schema";
import { type LeadImportView, toLeadImportView } from "./lead-view";

/** The workspace's latest imports, without their bad rows (fetch one import for those). */
export async function listLeadImports(
  db: DbOrTx,
  workspaceId: string,
  limit = 50,
): Promise<LeadImportView[]> {
  const rows = await db
    .select()
    .from(leadImports)
    .where(eq(leadImports.workspaceId, workspaceId))
    .orderBy(desc(leadImports.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...toLeadImportView(r), errors: [] }));
}
