import type { Domain, DomainDnsRecord } from "@/lib/db/schema";

/** An expected record as the API shows it, with what every server answered. */
function dnsRecordView(r: DomainDnsRecord) {
  return {
    id: r.id,
    purpose: r.purpose,
    name: r.name,
    type: r.type,
    content: r.content,
    ttl: r.ttl,
    priority: r.priority,
    state: r.state,
    checks: r.checks.map((c) => ({ server: c.server, state: c.state, found: c.found })),
    checkedAt: r.checkedAt?.toISOString() ?? null,
  };
}

/** A domain's DNS as the API shows it: how it is served, setup progress, and each expected record. */
export function toDomainDnsView(domain: Domain, records: DomainDnsRecord[]) {
  return {
    mode: domain.dnsMode,
    provider: domain.dnsProvider,
    nameservers: domain.nameservers ?? [],
    status: domain.status,
    statusReason: domain.statusReason,
    settings: (domain.dnsSettings as Record<string, unknown> | null) ?? null,
    progress: domain.dnsProgress,
    records: records.map(dnsRecordView),
  };
}
