import type { Db } from "@/lib/db/client";
import type { Domain } from "@/lib/db/schema";
import type { DnsProvider, DnsZone } from "@/lib/dns/providers";
import type { DesiredRecord } from "@/lib/dns/records";

/** What the record steps of a setup share: the domain (settings and DKIM key made), its zone and
 * the records it should have. */
export type StepContext = {
  db: Db;
  domain: Domain;
  provider: DnsProvider;
  zone: DnsZone;
  desired: DesiredRecord[];
};
