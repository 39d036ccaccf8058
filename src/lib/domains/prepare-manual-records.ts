import { eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type DnsSetupProgress, type Domain, domains } from "@/lib/db/schema";
import { expectedRecords } from "@/lib/dns/records";
import { dnsResolver, parseServerList } from "@/lib/dns/resolver";
import { countSpfLookups, isSpf, removeSpfTerms, SPF_LOOKUP_LIMIT } from "@/lib/dns/spf";
import { AppError } from "@/lib/errors";
import { ensureDkimKey } from "./ensure-dkim-key";
import { ensureSettings } from "./ensure-settings";
import { storeExpectedRecords } from "./store-expected-records";

/** Manual DNS: the records to paste, checked for the SPF lookup limit, stored; verification starts. */
export async function prepareManualRecords(db: DbOrTx, initial: Domain, dropSpfTerms: string[] = []) {
  let domain = await ensureSettings(db, initial, { defaultTrackingHost: false });
  domain = await ensureDkimKey(db, domain);
  const servers = parseServerList(env().DNS_RESOLVERS);
  const resolver = servers.length ? dnsResolver(servers) : null;
  // the SPF the domain publishes now, so the record to paste replaces it instead of adding a second
  const existingSpf = resolver
    ? (await resolver.txt(domain.name).catch(() => [] as string[]))
        .filter(isSpf)
        .map((r) => removeSpfTerms(r, dropSpfTerms))
    : [];
  const desired = expectedRecords(domain, { existingSpf });
  const spf = desired.find((r) => r.purpose === "spf")!;
  if (resolver) {
    const count = await countSpfLookups(spf.content, domain.name, resolver);
    if (count.lookups > SPF_LOOKUP_LIMIT) {
      throw new AppError(
        "validation",
        `SPF would need ${count.lookups} DNS lookups (receivers allow ${SPF_LOOKUP_LIMIT}): "${spf.content}". Remove includes from the existing record or choose fewer SPF hosts.`,
        { fields: { "settings.spf": ["too many DNS lookups"] } },
      );
    }
  }
  await storeExpectedRecords(db, domain, desired);
  const progress: DnsSetupProgress = {
    steps: [
      {
        key: "records",
        label: "Records to paste",
        state: "done",
        detail: `publish these ${desired.length} records at the domain's DNS host`,
      },
      { key: "verify", label: "Propagation", state: "running", detail: "waiting for the records to show" },
    ],
    startedAt: new Date().toISOString(),
  };
  await db
    .update(domains)
    .set({
      status: "verifying_dns",
      statusReason: null,
      dnsProgress: progress,
      dnsVerifyStartedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(domains.id, domain.id));
}
