import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import type { DnsProvider, DnsProviderId } from "@/lib/dns/providers";
import { cloudflareDnsProvider } from "@/lib/dns/providers/cloudflare";
import { powerDnsProvider } from "@/lib/dns/providers/powerdns";
import { AppError } from "@/lib/errors";
import { loadProviderAccount } from "./load-provider-account";

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
