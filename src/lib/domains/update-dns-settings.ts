import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/client";
import { type DnsSettings, type Domain, domains } from "@/lib/db/schema";
import { assertRedirectConfigured } from "@/lib/dns/records";
import { isSpf, removeSpfTerms, spfTerms } from "@/lib/dns/spf";
import { AppError } from "@/lib/errors";
import { defaultSpf } from "./default-spf";
import { dnsProviderFor } from "./dns-provider-for";
import { findDomain } from "./find-domain";
import { getDomainDns } from "./get-domain-dns";
import { prepareManualRecords } from "./prepare-manual-records";
import { queueDnsJob } from "./queue-dns-job";

/** PUT /dns/settings: store the choices and apply them (setup again, or new records to paste). */
export async function updateDnsSettings(db: Db, workspaceId: string, id: string, settings: DnsSettings) {
  assertRedirectConfigured(settings);
  const domain = await findDomain(db, workspaceId, id);
  if (!domain.dnsMode) {
    throw new AppError(
      "validation",
      `${domain.name} has no DNS set up here: add it with managed or manual DNS`,
    );
  }
  // the SPF terms the previous choice added and the new one does not want come out of the record
  const before = domain.dnsSettings?.spf ? spfTerms(domain.dnsSettings.spf) : [];
  const now = spfTerms(settings.spf ?? (await defaultSpf(db, domain)));
  const dropped = before.filter((t) => !now.some((n) => n.toLowerCase() === t.toLowerCase()));
  if (domain.dnsMode === "managed" && dropped.length) await removeFromZoneSpf(db, domain, dropped);
  const after = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(domains)
      .set({ dnsSettings: settings, updatedAt: new Date() })
      .where(eq(domains.id, id))
      .returning();
    if (row!.dnsMode === "manual") {
      await prepareManualRecords(tx, row!, dropped);
      return () => queueDnsJob("domains.verify-dns", id);
    }
    await tx
      .update(domains)
      .set({ status: "configuring_dns", updatedAt: new Date() })
      .where(and(eq(domains.id, id), eq(domains.dnsMode, "managed")));
    return () => queueDnsJob("domains.setup-dns", id);
  });
  await after();
  return getDomainDns(db, workspaceId, id);
}

/** Take `terms` out of the SPF record the domain's zone publishes (the rest of the record stays). */
async function removeFromZoneSpf(db: DbOrTx, domain: Domain, terms: string[]) {
  try {
    const { provider } = await dnsProviderFor(db, domain);
    const zone = await provider.ensureZone(domain.name);
    const txt = await provider.listRecords(zone, { name: domain.name, type: "TXT" });
    const next = txt.map((r) => (isSpf(r.content) ? { ...r, content: removeSpfTerms(r.content, terms) } : r));
    if (next.some((r, i) => r.content !== txt[i]!.content)) {
      await provider.upsertRecordSet(zone, domain.name, "TXT", next);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      "unavailable",
      `The DNS provider could not update the SPF record: ${(err as Error).message}`,
    );
  }
}
