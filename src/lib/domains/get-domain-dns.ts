import type { DbOrTx } from "@/lib/db/client";
import { toDomainDnsView } from "./domain-dns-view";
import { findDomain } from "./find-domain";
import { listDomainDnsRecords } from "./list-domain-dns-records";

export async function getDomainDns(db: DbOrTx, workspaceId: string, id: string) {
  const domain = await findDomain(db, workspaceId, id);
  return toDomainDnsView(domain, await listDomainDnsRecords(db, id));
}
