import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import type { DnsProvider, DnsZone } from "@/lib/dns/providers";

/** Step "DNS zone": the zone at the provider (made when missing), recorded on the domain. */
export async function createZone(
  db: Db,
  domain: Domain,
  dns: { provider: DnsProvider; providerId: string; accountId: string | null; note?: string },
): Promise<{ zone: DnsZone; detail: string }> {
  const zone = await dns.provider.ensureZone(domain.name);
  await db
    .update(domains)
    .set({
      dnsProvider: dns.providerId,
      dnsAccountId: dns.accountId,
      dnsZoneId: zone.id,
      updatedAt: new Date(),
    })
    .where(eq(domains.id, domain.id));
  const servedBy = zone.nameservers.join(", ") || "?";
  const why = dns.note ? ` (${dns.note})` : "";
  return { zone, detail: `${zone.name} on ${dns.providerId}, served by ${servedBy}${why}` };
}
