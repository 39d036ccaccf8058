import { isIP } from "node:net";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";

/**
 * Where a request for one of our domains' bare names (or www.) goes, when its DNS settings redirect
 * it to the company's site (the domain's A record points at this app: see DOMAIN_REDIRECT_IPV4).
 * Answers are cached for a minute per host, misses included, so ordinary requests cost no query.
 */
const TTL_MS = 60_000;
const cache = new Map<string, { target: string | null; at: number }>();

/** Hosts that are never a redirected domain: the app itself, addresses, localhost. */
export function mayBeRedirectHost(host: string): boolean {
  if (!host || isIP(host) || host === "localhost" || !host.includes(".")) return false;
  return host !== new URL(env().APP_URL).hostname.toLowerCase();
}

export async function redirectTargetForHost(rawHost: string): Promise<string | null> {
  const host = rawHost.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  if (!mayBeRedirectHost(host)) return null;
  const hit = cache.get(host);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.target;
  const name = host.startsWith("www.") ? host.slice(4) : host;
  const [row] = await getDb()
    .select({ target: sql<string>`${domains.dnsSettings}->>'redirectTo'` })
    .from(domains)
    .where(and(eq(domains.name, name), isNotNull(sql`${domains.dnsSettings}->>'redirectTo'`)))
    .limit(1);
  const target = row?.target ?? null;
  if (cache.size > 10_000) cache.clear();
  cache.set(host, { target, at: Date.now() });
  return target;
}

/** For tests that change a domain's redirect between requests. */
export function clearRedirectCache(): void {
  cache.clear();
}
