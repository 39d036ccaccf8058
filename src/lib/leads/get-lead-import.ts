import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { leadImports } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { type LeadImportView, toLeadImportView } from "./lead-view";

/** An import with its progress and bad rows; polled by the page while it runs. */
export async function getLeadImport(db: DbOrTx, workspaceId: string, id: string): Promise<LeadImportView> {
  const [row] = await db
    .select()
    .from(leadImports)
    .where(and(eq(leadImports.workspaceId, workspaceId), eq(leadImports.id, id)))
    .limit(1);
  if (!row) throw notFound("lead import");
  return toLeadImportView(row);
}

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
