import type { DbOrTx } from "@/lib/db/client";
import { toDomainView } from "./domain-view";
import { findDomain } from "./find-domain";

export async function getDomain(db: DbOrTx, workspaceId: string, id: string) {
  return toDomainView(await findDomain(db, workspaceId, id));
}
