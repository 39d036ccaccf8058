import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import type { Domain } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { loadProviderAccount } from "@/lib/registrars/accounts";
import { cloudflareDnsProvider } from "./cloudflare";
import { powerDnsProvider } from "./powerdns";
import type { DnsProvider } from "./types";

export type { DnsProvider, DnsRecord, DnsRecordType, DnsZone } from "./types";
export { DnsProviderError } from "./types";

export type DnsProviderId = "powerdns" | "cloudflare";

const list = (s: string) =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim().toLowerCase().replace(/\.$/, ""))
    .filter(Boolean);

/** The platform's own DNS (env DNS_PROVIDER, or `id`), or null when it is not configured. */
export function platformDnsProvider(id?: DnsProviderId): DnsProvider | null {
  const e = env();
  const which = id ?? (e.DNS_PROVIDER === "none" ? null : e.DNS_PROVIDER);
  if (which === "powerdns") {
    if (!e.POWERDNS_API_URL || !e.POWERDNS_API_KEY) return null;
    return powerDnsProvider({
      apiUrl: e.POWERDNS_API_URL,
      apiKey: e.POWERDNS_API_KEY,
      serverId: e.POWERDNS_SERVER_ID,
      nameservers: list(e.POWERDNS_NAMESERVERS),
      trusted: true,
    });
  }
  if (which === "cloudflare") {
    if (!e.CLOUDFLARE_API_TOKEN || !e.CLOUDFLARE_ACCOUNT_ID) return null;
    return cloudflareDnsProvider({
      apiToken: e.CLOUDFLARE_API_TOKEN,
      accountId: e.CLOUDFLARE_ACCOUNT_ID,
      baseUrl: e.CLOUDFLARE_BASE_URL,
    });
  }
  return null;
}

/** A workspace's connected account (provider_accounts): PowerDNS or Cloudflare. */
export async function dnsProviderForAccount(
  db: DbOrTx,
  accountId: string,
  workspaceId?: string,
): Promise<{ provider: DnsProvider; providerId: DnsProviderId }> {
  const { account, credentials } = await loadProviderAccount(db, accountId, workspaceId);
  if (credentials.provider === "powerdns") {
    const c = credentials.config;
    return {
      providerId: "powerdns",
      provider: powerDnsProvider({
        apiUrl: c.apiUrl,
        apiKey: credentials.secret.apiKey,
        serverId: c.serverId || "localhost",
        nameservers: (c.nameservers ?? []).map((n) => n.toLowerCase().replace(/\.$/, "")),
      }),
    };
  }
  if (credentials.provider === "cloudflare") {
    // a Cloudflare registrar account manages the zones of the domains it holds, too
    const config = credentials.config as { accountId: string; baseUrl?: string };
    return {
      providerId: "cloudflare",
      provider: cloudflareDnsProvider({
        apiToken: credentials.secret.apiToken,
        accountId: config.accountId,
        baseUrl: config.baseUrl ?? env().CLOUDFLARE_BASE_URL,
      }),
    };
  }
  throw new AppError("validation", `Account "${account.label}" (${account.provider}) cannot serve DNS`);
}

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
    if (!provider) throw notConfigured(platformId);
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

function notConfigured(id: DnsProviderId) {
  return new AppError(
    "unavailable",
    id === "powerdns"
      ? "PowerDNS is not configured: set POWERDNS_API_URL, POWERDNS_API_KEY and POWERDNS_NAMESERVERS"
      : "Cloudflare DNS is not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID",
  );
}

/**
 * "Test connection" for a DNS provider account: one cheap authenticated call. null when the
 * provider answered; otherwise why not (for provider_accounts.last_error).
 */
export async function verifyDnsAccount(
  db: DbOrTx,
  accountId: string,
  workspaceId?: string,
): Promise<string | null> {
  try {
    const { provider } = await dnsProviderForAccount(db, accountId, workspaceId);
    await provider.verifyCredentials();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
