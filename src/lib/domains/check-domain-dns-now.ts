import type { Db } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";
import { checkPropagation } from "./check-propagation";
import { toDomainDnsView } from "./domain-dns-view";
import { findDomain } from "./find-domain";

/** POST /dns/check: query every server now. */
export async function checkDomainDnsNow(db: Db, workspaceId: string, id: string) {
  await findDomain(db, workspaceId, id);
  const records = await checkPropagation(db, id);
  const domain = await findDomain(db, workspaceId, id);
  // everything visible while still verifying: let the job make it active (and run a health check)
  if (domain.status === "verifying_dns" && records.length && records.every((r) => r.state === "propagated")) {
    await enqueue(
      "domains.verify-dns",
      { domainId: id },
      { singletonKey: `verify-dns-now:${id}`, singletonSeconds: 5 },
    );
  }
  return toDomainDnsView(domain, records);
}
