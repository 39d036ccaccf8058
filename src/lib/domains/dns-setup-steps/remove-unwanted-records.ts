import { eq } from "drizzle-orm";
import { domainDnsRecords } from "@/lib/db/schema";
import type { DnsRecord } from "@/lib/dns/providers";
import type { StepContext } from "./step-context";

/**
 * Record sets we published before and no longer want (a changed tracking host, MX turned to
 * "none", a redirect turned off) come out of the zone; SPF and DMARC names never change. Returns
 * the sets removed, as "name|type".
 */
export async function removeUnwantedRecords(ctx: StepContext): Promise<string[]> {
  const before = await ctx.db
    .select({ name: domainDnsRecords.name, type: domainDnsRecords.type, purpose: domainDnsRecords.purpose })
    .from(domainDnsRecords)
    .where(eq(domainDnsRecords.domainId, ctx.domain.id));
  const wanted = new Set(ctx.desired.map((r) => `${r.name}|${r.type}`));
  const stale = new Set(
    before
      .filter((r) => r.purpose !== "spf" && r.purpose !== "dmarc")
      .map((r) => `${r.name}|${r.type}`)
      .filter((set) => !wanted.has(set)),
  );
  for (const set of stale) {
    const [name, type] = set.split("|") as [string, DnsRecord["type"]];
    await ctx.provider.deleteRecordSet(ctx.zone, name, type);
  }
  return [...stale];
}
