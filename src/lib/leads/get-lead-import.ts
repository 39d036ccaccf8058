import type { DbOrTx } from "@/lib/db/client";
import { findWorkspaceRow } from "@/lib/db/find-workspace-row";
import { leadImports } from "@/lib/db/schema";
import { type LeadImportView, toLeadImportView } from "./lead-view";

/** An import with its progress and bad rows; polled by the page while it runs. */
export async function getLeadImport(db: DbOrTx, workspaceId: string, id: string): Promise<LeadImportView> {
  const row = await findWorkspaceRow(db, leadImports, workspaceId, id, "lead import");
  return toLeadImportView(row);
}
