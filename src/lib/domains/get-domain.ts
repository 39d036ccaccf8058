import type { DbOrTx } from "@/lib/db/client";
import { toDomainView } from "./domain-view";
import { findDomain } from "./find-domain";
import { renewalViews } from "./renewals/renewal-views";

export async function getDomain(db: DbOrTx, workspaceId: string, id: string) {
  const domain = await findDomain(db, workspaceId, id);
  return toDomainView(domain, (await renewalViews(db, [domain])).get(domain.id) ?? null);
}
