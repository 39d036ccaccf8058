import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import type { Domain } from "@/lib/db/schema";
import {
  type DnsProvider,
  type DnsProviderId,
  platformDnsNotConfigured,
  platformDnsProvider,
} from "@/lib/dns/providers";
import { AppError } from "@/lib/errors";
import { dnsProviderForAccount } from "@/lib/registrars/dns-provider-for-account";

export type ResolvedDnsProvider = {
  provider: DnsProvider;
  providerId: DnsProviderId;
  accountId: string | null;
};

/**
 * Where a managed domain's zone lives, in this order: its connected account, the provider named
 * on it, the platform's DNS_PROVIDER, and for a domain bought through Cloudflare Registrar the
 * Cloudflare account that holds it (Cloudflare registrations come with their zone).
 */
export async function dnsProviderFor(db: DbOrTx, domain: Domain): Promise<ResolvedDnsProvider> {
  if (domain.dnsMode === "manual") {
    throw new AppError("validation", `${domain.name} uses manual DNS: its records are pasted by hand`);
  }
  if (domain.dnsAccountId) {
    const r = await dnsProviderForAccount(db, domain.dnsAccountId, domain.workspaceId);
    return { ...r, accountId: domain.dnsAccountId };
  }
  const named = domain.dnsProvider as DnsProviderId | null;
  const platformId: DnsProviderId | null =
    named ?? (env().DNS_PROVIDER === "none" ? null : (env().DNS_PROVIDER as DnsProviderId));
  if (platformId) {
    const provider = platformDnsProvider(platformId);
    if (!provider) throw platformDnsNotConfigured(platformId);
    return { provider, providerId: platformId, accountId: null };
  }
  if (domain.registrar === "cloudflare") {
    if (domain.registrarAccountId) {
      const r = await dnsProviderForAccount(db, domain.registrarAccountId, domain.workspaceId);
      return { ...r, accountId: domain.registrarAccountId };
    }
    const provider = platformDnsProvider("cloudflare");
    if (provider) return { provider, providerId: "cloudflare", accountId: null };
  }
  throw new AppError(
    "unavailable",
    "No DNS provider is configured: connect a DNS provider account, or set DNS_PROVIDER (powerdns or cloudflare) for the platform",
  );
}
