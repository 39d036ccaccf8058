import { env } from "@/lib/config/env";
import type { Domain } from "@/lib/db/schema";
import type { DnsProvider, DnsZone } from "@/lib/dns/providers";
import { type DesiredRecord, expectedRecords } from "@/lib/dns/records";
import { dnsResolver, parseServerList } from "@/lib/dns/resolver";
import { countSpfLookups, isSpf, SPF_LOOKUP_LIMIT } from "@/lib/dns/spf";
import { syncRecordSet, toDnsRecord } from "./sync-record-set";

/** Settings the user must change before setup can go on: shown, and not retried. */
export class DnsSetupRefused extends Error {}

/**
 * Step "SPF": merged into what the zone has, never a second record; refused past 10 lookups. The
 * zone's SPF is read here, so this step also settles every record the domain should have.
 */
export async function publishSpf(
  provider: DnsProvider,
  zone: DnsZone,
  domain: Domain,
): Promise<{ desired: DesiredRecord[]; detail: string }> {
  const apexTxt = await provider.listRecords(zone, { name: domain.name, type: "TXT" });
  const existingSpf = apexTxt.map((r) => r.content).filter(isSpf);
  const desired = expectedRecords(domain, { existingSpf });
  const spf = desired.find((r) => r.purpose === "spf")!;
  const servers = parseServerList(env().DNS_RESOLVERS);
  if (servers.length) {
    const count = await countSpfLookups(spf.content, domain.name, dnsResolver(servers));
    if (count.lookups > SPF_LOOKUP_LIMIT) {
      throw new DnsSetupRefused(
        `SPF would need ${count.lookups} DNS lookups (receivers allow ${SPF_LOOKUP_LIMIT}): "${spf.content}". Remove includes from the existing record or choose fewer SPF hosts.`,
      );
    }
  }
  const otherApexTxt = apexTxt.filter((r) => !isSpf(r.content));
  // the apex TXT set holds the owner's other values (site verifications...): kept, one TTL for the set
  const changed = await syncRecordSet(provider, zone, domain.name, "TXT", [
    ...otherApexTxt.map((r) => ({ name: r.name, type: r.type, content: r.content, ttl: spf.ttl })),
    toDnsRecord(spf),
  ]);
  return { desired, detail: `${spf.content}${changed ? "" : " (already published)"}` };
}
