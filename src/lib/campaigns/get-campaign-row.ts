import type { DbOrTx } from "@/lib/db/client";
import { findWorkspaceRow } from "@/lib/db/find-workspace-row";
import { type Campaign, campaigns } from "@/lib/db/schema";

/** The campaign's own row (no steps or counts); another workspace's is "not found". */
export const getCampaignRow = (db: DbOrTx, workspaceId: string, id: string): Promise<Campaign> =>
  findWorkspaceRow(db, campaigns, workspaceId, id, "campaign");
