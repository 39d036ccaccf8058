import type { Db } from "@/lib/db/client";
import { checkDomainDnsNow } from "./check-domain-dns-now";
import { checkDomainHealth } from "./check-domain-health";
import { getDomainHealth } from "./get-domain-health";

/**
 * "Check now": every expected record queried at the authoritative servers and resolvers (which also
 * lets a domain still verifying go active), then a health check; both answered at once.
 */
export async function checkDomainHealthNow(db: Db, workspaceId: string, domainId: string) {
  const dns = await checkDomainDnsNow(db, workspaceId, domainId);
  await checkDomainHealth(db, domainId);
  return { health: await getDomainHealth(db, workspaceId, domainId), records: dns.records };
}
