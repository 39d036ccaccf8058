import type { DnsProvider, DnsRecord, DnsZone } from "@/lib/dns/providers";
import type { DesiredRecord } from "@/lib/dns/records";

export const toDnsRecord = (r: DesiredRecord): DnsRecord => ({
  name: r.name,
  type: r.type,
  content: r.content,
  ttl: r.ttl,
  ...(r.priority !== undefined ? { priority: r.priority } : {}),
});

/**
 * Write (name, type) only when the provider's set differs from `want`: a second run changes
 * nothing, not even the zone's serial. True when it wrote.
 */
export async function syncRecordSet(
  provider: DnsProvider,
  zone: DnsZone,
  name: string,
  type: DnsRecord["type"],
  want: DnsRecord[],
): Promise<boolean> {
  const have = await provider.listRecords(zone, { name, type });
  const sig = (r: DnsRecord) => `${r.content}|${type === "MX" ? (r.priority ?? 10) : ""}|${r.ttl}`;
  const a = have.map(sig).sort().join("\n");
  const b = want.map(sig).sort().join("\n");
  if (a === b) return false;
  await provider.upsertRecordSet(zone, name, type, want);
  return true;
}
