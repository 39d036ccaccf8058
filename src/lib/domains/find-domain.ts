import type { DbOrTx } from "@/lib/db/client";
import { findWorkspaceRow } from "@/lib/db/find-workspace-row";
import { type Domain, domains } from "@/lib/db/schema";

/** The workspace's domain row (another workspace's is "not found"). */
export const findDomain = (db: DbOrTx, workspaceId: string, id: string): Promise<Domain> =>
  findWorkspaceRow(db, domains, workspaceId, id, "domain");
