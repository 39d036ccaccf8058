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
import { getRegistrar } from "@/lib/registrars/get-registrar";

export type ResolvedDnsProvider = {
  provider: DnsProvider;
  providerId: DnsProviderId;
  accountId: string | null;
  /** why this provider was chosen, when it is not the obvious one (shown in the setup step) */
  note?: string;
};

/**
 * Where a managed domain's zone lives.
 *
 * A domain bought through Cloudflare Registrar always uses the Cloudflare zone its registration
 * creates, on the same account (the registrar account's token, or the platform's
 * CLOUDFLARE_API_TOKEN): Cloudflare Registrar keeps its own nameservers, so a zone anywhere else
 * would never be served. Its sandbox creates no zone and delegates nothing: sandbox purchases use
 * the configured provider below, and the setup step says so.
 *
 * Any other domain, in this order: its connected account, the provider named on it, the
 * platform's DNS_PROVIDER, and for a domain at Cloudflare Registrar the Cloudflare account that
 * holds it.
 */
export async function dnsProviderFor(db: DbOrTx, domain: Domain): Promise<ResolvedDnsProvider> {
  if (domain.dnsMode === "manual") {
    throw new AppError("validation", `${domain.name} uses manual DNS: its records are pasted by hand`);
  }
  let note: string | undefined;
  if (domain.registrar === "cloudflare" && domain.source === "purchased") {
    const registrar = await getRegistrar(db, {
      registrar: "cloudflare",
      accountId: domain.registrarAccountId,
    });
    if (registrar.capabilities.createsDnsZone) return cloudflareZoneOf(db, domain);
    note =
      "Cloudflare's Registrar sandbox creates no DNS zone: the zone is on this server's configured DNS provider";
  }
  if (domain.dnsAccountId) {
    const r = await dnsProviderForAccount(db, domain.dnsAccountId, domain.workspaceId);
    return { ...r, accountId: domain.dnsAccountId, note };
  }
  const named = domain.dnsProvider as DnsProviderId | null;
  const platformId: DnsProviderId | null =
    named ?? (env().DNS_PROVIDER === "none" ? null : (env().DNS_PROVIDER as DnsProviderId));
  if (platformId) {
    const provider = platformDnsProvider(platformId);
    if (!provider) throw platformDnsNotConfigured(platformId);
    return { provider, providerId: platformId, accountId: null, note };
  }
  if (domain.registrar === "cloudflare" && !note) return cloudflareZoneOf(db, domain);
  throw new AppError(
    "unavailable",
    note
      ? `${note}, and none is configured: set DNS_PROVIDER (powerdns or cloudflare)`
      : "No DNS provider is configured: connect a DNS provider account, or set DNS_PROVIDER (powerdns or cloudflare) for the platform",
  );
}

/** The Cloudflare account holding the registration: the workspace's registrar account, else the platform's. */
async function cloudflareZoneOf(db: DbOrTx, domain: Domain): Promise<ResolvedDnsProvider> {
  if (domain.registrarAccountId) {
    const r = await dnsProviderForAccount(db, domain.registrarAccountId, domain.workspaceId);
    return { ...r, accountId: domain.registrarAccountId };
  }
  const provider = platformDnsProvider("cloudflare");
  if (!provider) throw platformDnsNotConfigured("cloudflare");
  return { provider, providerId: "cloudflare", accountId: null };
}
