import { eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type DomainDnsRecord, domainDnsRecords, domains, type RecordCheck } from "@/lib/db/schema";
import { authoritativeServers, checkRecordAt, type DnsServer } from "@/lib/dns/check-record";
import { parseServerList } from "@/lib/dns/resolver";
import { listDomainDnsRecords } from "./list-domain-dns-records";

function overall(checks: RecordCheck[]): DomainDnsRecord["state"] {
  if (checks.length && checks.every((c) => c.state === "propagated")) return "propagated";
  if (checks.some((c) => c.state === "mismatch")) return "mismatch";
  if (checks.some((c) => c.state === "missing")) return "missing";
  return "pending"; // only errors (or no servers): not known yet
}

/**
 * Check every expected record of the domain now, at the zone's authoritative servers and at each
 * configured resolver (DNS_RESOLVERS); stores and returns the results. Per record and server the
 * answer is `propagated` (our value is there), `missing` (nothing of that type), `mismatch`
 * (something else, or a second SPF record) or `error` (the server did not answer).
 */
export async function checkPropagation(db: DbOrTx, domainId: string): Promise<DomainDnsRecord[]> {
  const [domain] = await db.select().from(domains).where(eq(domains.id, domainId));
  if (!domain) return [];
  const records = await listDomainDnsRecords(db, domainId);
  if (records.length === 0) return [];
  const resolvers = parseServerList(env().DNS_RESOLVERS);
  const auth = await authoritativeServers(domain.name, domain.nameservers ?? [], resolvers);
  const servers: DnsServer[] = [...auth, ...resolvers.map((a) => ({ label: a, address: a }))];
  // the same server given as authoritative and resolver is asked twice on purpose: two roles

  const checkedAt = new Date();
  const results = await Promise.all(
    records.map(async (rec) => {
      const checks = await Promise.all(servers.map((s) => checkRecordAt(rec, s)));
      return { ...rec, checks, state: overall(checks), checkedAt };
    }),
  );
  for (const r of results) {
    await db
      .update(domainDnsRecords)
      .set({ checks: r.checks, state: r.state, checkedAt, updatedAt: checkedAt })
      .where(eq(domainDnsRecords.id, r.id));
  }
  return results;
}
