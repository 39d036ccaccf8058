import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
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

export function platformDnsNotConfigured(id: DnsProviderId) {
  return new AppError(
    "unavailable",
    id === "powerdns"
      ? "PowerDNS is not configured: set POWERDNS_API_URL, POWERDNS_API_KEY and POWERDNS_NAMESERVERS"
      : "Cloudflare DNS is not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID",
  );
}
