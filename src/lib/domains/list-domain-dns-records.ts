import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domainDnsRecords } from "@/lib/db/schema";

export async function listDomainDnsRecords(db: DbOrTx, domainId: string) {
  return db
    .select()
    .from(domainDnsRecords)
    .where(eq(domainDnsRecords.domainId, domainId))
    .orderBy(asc(domainDnsRecords.purpose), asc(domainDnsRecords.name), asc(domainDnsRecords.priority));
}
