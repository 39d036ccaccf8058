import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, domainDnsRecords } from "@/lib/db/schema";
import type { DesiredRecord } from "@/lib/dns/records";

/**
 * The expected records in domain_dns_records: rows no longer expected go, new ones come (pending);
 * unchanged rows keep their last check. One transaction.
 */
export async function storeExpectedRecords(db: DbOrTx, domain: Domain, desired: DesiredRecord[]) {
  await db.transaction(async (tx) => {
    const existing = await tx.select().from(domainDnsRecords).where(eq(domainDnsRecords.domainId, domain.id));
    const key = (r: { purpose: string; type: string; name: string; content: string }) =>
      `${r.purpose}|${r.type}|${r.name}|${r.content}`;
    const keep = new Set(desired.map(key));
    const stale = existing.filter((r) => !keep.has(key(r))).map((r) => r.id);
    if (stale.length) await tx.delete(domainDnsRecords).where(inArray(domainDnsRecords.id, stale));
    for (const r of desired) {
      await tx
        .insert(domainDnsRecords)
        .values({
          id: crypto.randomUUID(),
          domainId: domain.id,
          workspaceId: domain.workspaceId,
          purpose: r.purpose,
          name: r.name,
          type: r.type,
          content: r.content,
          ttl: r.ttl,
          priority: r.priority ?? null,
        })
        .onConflictDoUpdate({
          target: [
            domainDnsRecords.domainId,
            domainDnsRecords.purpose,
            domainDnsRecords.type,
            domainDnsRecords.name,
            domainDnsRecords.content,
          ],
          set: { ttl: r.ttl, priority: r.priority ?? null, updatedAt: new Date() },
        });
    }
  });
}
