import { eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type DnsSettings, type Domain, domains } from "@/lib/db/schema";
import { platformDnsProvider } from "@/lib/dns/providers";
import { assertRedirectConfigured } from "@/lib/dns/records";
import { AppError } from "@/lib/errors";
import { dnsProviderForAccount } from "@/lib/registrars/dns-provider-for-account";
import { prepareManualRecords } from "./prepare-manual-records";
import { queueDnsJob } from "./queue-dns-job";

export type DnsChoice = { mode: "managed"; accountId?: string | null } | { mode: "manual" };

/** Which DNS a managed domain will use; refuses an account of another workspace or no DNS at all. */
async function managedTarget(db: DbOrTx, workspaceId: string, accountId: string | null | undefined) {
  if (accountId) {
    const { providerId } = await dnsProviderForAccount(db, accountId, workspaceId).catch((err) => {
      if (err instanceof AppError && err.code === "not_found") {
        throw new AppError("validation", "That DNS provider account does not exist in this workspace", {
          fields: { "dns.accountId": ["not one of this workspace's accounts"] },
        });
      }
      throw err;
    });
    return { dnsProvider: providerId, dnsAccountId: accountId };
  }
  const id = env().DNS_PROVIDER;
  if (id === "none" || !platformDnsProvider()) {
    throw new AppError(
      "validation",
      "This server has no DNS provider of its own: connect your DNS provider account, or choose manual DNS and paste the records",
      { fields: { "dns.mode": ["no platform DNS provider configured"] } },
    );
  }
  return { dnsProvider: id, dnsAccountId: null };
}

/**
 * Start DNS for a domain just added by hand (inside the insert's transaction):
 * - managed: provider recorded, status configuring_dns, setup job queued after commit;
 * - manual: DKIM key made, expected records stored (SPF merged with the one the domain already
 *   publishes), status verifying_dns, verification queued after commit.
 * Returns what to enqueue once the transaction committed.
 */
export async function startDomainDns(
  db: DbOrTx,
  domain: Domain,
  choice: DnsChoice,
  settings: DnsSettings | undefined,
): Promise<() => Promise<void>> {
  assertRedirectConfigured(settings);
  if (choice.mode === "managed") {
    const target = await managedTarget(db, domain.workspaceId, choice.accountId);
    await db
      .update(domains)
      .set({
        ...target,
        dnsMode: "managed",
        dnsSettings: settings ?? null,
        status: "configuring_dns",
        dnsProgress: null,
        updatedAt: new Date(),
      })
      .where(eq(domains.id, domain.id));
    return () => queueDnsJob("domains.setup-dns", domain.id);
  }
  const [row] = await db
    .update(domains)
    .set({
      dnsMode: "manual",
      dnsProvider: null,
      dnsAccountId: null,
      dnsSettings: settings ?? null,
      updatedAt: new Date(),
    })
    .where(eq(domains.id, domain.id))
    .returning();
  await prepareManualRecords(db, row!);
  return () => queueDnsJob("domains.verify-dns", domain.id);
}
