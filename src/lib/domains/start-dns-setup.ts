import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { findDomain } from "./find-domain";
import { getDomainDns } from "./get-domain-dns";
import { queueDnsJob } from "./queue-dns-job";

/** POST /dns/setup: run setup again (managed DNS only). */
export async function startDnsSetup(db: Db, workspaceId: string, id: string) {
  const domain = await findDomain(db, workspaceId, id);
  if (domain.dnsMode !== "managed") {
    throw new AppError(
      "validation",
      domain.dnsMode === "manual"
        ? `${domain.name} uses manual DNS: paste the records shown, then check`
        : `${domain.name} has no DNS provider connected`,
    );
  }
  if (["pending_payment", "paid", "registering", "failed", "cancelled"].includes(domain.status)) {
    throw new AppError("conflict", `${domain.name} is ${domain.status}: DNS is set up once it is registered`);
  }
  await queueDnsJob("domains.setup-dns", id);
  return getDomainDns(db, workspaceId, id);
}
