/**
 * RDAP (RFC 9082/9083): the availability hint when no registrar key is set, and the source of a
 * domain's registration date (health: domain age). The TLD → server map comes from IANA's bootstrap
 * file (RFC 9224, env RDAP_BOOTSTRAP_URL), cached for a day.
 */
import { env } from "@/lib/config/env";
import { chunk, networkError, retryAfterMs, tldOf } from "./http";
import { type Availability, type Registrar, RegistrarError } from "./types";

const DAY_MS = 24 * 60 * 60 * 1000;
const TIMEOUT_MS = 10_000;

type Bootstrap = { url: string; fetchedAt: number; servers: Map<string, string> };
let bootstrapCache: Bootstrap | null = null;
let bootstrapLoading: Promise<Bootstrap> | null = null;

/** For tests: forget the cached bootstrap file. */
export function resetRdapBootstrapCache(): void {
  bootstrapCache = null;
  bootstrapLoading = null;
}

async function loadBootstrap(url: string): Promise<Bootstrap> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw networkError("rdap", err);
  }
  if (!res.ok) {
    throw new RegistrarError("transient", `rdap: bootstrap file ${url} answered HTTP ${res.status}`, {
      status: res.status,
      registrar: "rdap",
    });
  }
  const body = (await res.json()) as { services?: [string[], string[]][] };
  const servers = new Map<string, string>();
  for (const [tlds, urls] of body.services ?? []) {
    // prefer https when a service lists several URLs
    const base = urls.find((u) => u.startsWith("https:")) ?? urls[0];
    if (!base) continue;
    for (const tld of tlds) servers.set(tld.toLowerCase(), base.endsWith("/") ? base : `${base}/`);
  }
  return { url, fetchedAt: Date.now(), servers };
}

async function bootstrap(): Promise<Bootstrap> {
  const url = env().RDAP_BOOTSTRAP_URL;
  const cached = bootstrapCache;
  if (cached && cached.url === url && Date.now() - cached.fetchedAt < DAY_MS) return cached;
  bootstrapLoading ??= loadBootstrap(url).finally(() => {
    bootstrapLoading = null;
  });
  bootstrapCache = await bootstrapLoading;
  return bootstrapCache;
}

/** The RDAP base URL (ending in "/") for a domain's TLD, or null when IANA lists none. */
export async function rdapServerFor(name: string): Promise<string | null> {
  const { servers } = await bootstrap();
  // longest suffix first: co.uk before uk
  const labels = tldOf(name.toLowerCase()).split(".");
  for (let i = 0; i < labels.length; i++) {
    const base = servers.get(labels.slice(i).join("."));
    if (base) return base;
  }
  return null;
}

export type RdapResult = { registered: boolean; createdAt: Date | null; status: string[] };

/**
 * What the registry's RDAP server says about `name` (lower-case, punycode): 200 → registered with
 * its registration date and status; 404 → not registered (a hint only: reserved and premium names
 * answer 404 too); null when the TLD has no RDAP server. 429 → RegistrarError('rate_limited') with
 * the Retry-After; other failures → RegistrarError('transient').
 */
export async function rdapLookup(name: string): Promise<RdapResult | null> {
  const domain = name.trim().toLowerCase().replace(/\.$/, "");
  const base = await rdapServerFor(domain);
  if (!base) return null;
  let res: Response;
  try {
    res = await fetch(`${base}domain/${encodeURIComponent(domain)}`, {
      headers: { accept: "application/rdap+json, application/json" },
      redirect: "follow",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw networkError("rdap", err);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return { registered: false, createdAt: null, status: [] };
  }
  if (res.status === 429) {
    await res.body?.cancel();
    throw new RegistrarError("rate_limited", `rdap: ${new URL(base).host} is rate limiting lookups`, {
      retryAfterMs: retryAfterMs(res.headers.get("retry-after"), 60_000),
      status: 429,
      registrar: "rdap",
    });
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new RegistrarError("transient", `rdap: ${domain} lookup answered HTTP ${res.status}`, {
      status: res.status,
      registrar: "rdap",
    });
  }
  const body = (await res.json()) as {
    events?: { eventAction?: string; eventDate?: string }[];
    status?: string[];
  };
  const registration = body.events?.find((e) => e.eventAction === "registration")?.eventDate;
  const createdAt = registration ? new Date(registration) : null;
  return {
    registered: true,
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    status: Array.isArray(body.status) ? body.status : [],
  };
}

const notSupported = (what: string) =>
  new RegistrarError("not_supported", `RDAP only answers availability hints: it cannot ${what}`, {
    registrar: "rdap",
  });

/**
 * A check-only Registrar over RDAP: `available` is a hint (authoritative: false), prices are null.
 * A name whose lookup fails (rate limited, server down, no RDAP server) comes back not available
 * with the reason, so one bad server does not sink a bulk search.
 */
export function rdapRegistrar(): Registrar {
  return {
    id: "rdap",
    capabilities: { setNameservers: false, createsDnsZone: false, maxDomainsPerAccount: null },
    maxCheckBatch: 50,
    async check(names) {
      const out: Availability[] = [];
      for (const group of chunk(names, 8)) {
        const results = await Promise.all(
          group.map(async (raw): Promise<Availability> => {
            const name = raw.toLowerCase();
            const base = {
              name,
              premium: false,
              registrationCents: null,
              renewalCents: null,
              currency: "USD",
            };
            try {
              const r = await rdapLookup(name);
              if (!r) {
                return {
                  ...base,
                  available: false,
                  reason: "unsupported_tld",
                  registrar: "rdap",
                  authoritative: false,
                };
              }
              return {
                ...base,
                available: !r.registered,
                reason: r.registered ? "taken" : null,
                registrar: "rdap",
                authoritative: false,
              };
            } catch (err) {
              // no registrar to ask again: say what failed ("search again" would be all it could say)
              const reason =
                err instanceof RegistrarError && err.code === "rate_limited"
                  ? err.code
                  : `the public registration lookup (RDAP) failed: ${(err instanceof Error ? err.message : String(err)).replace(/^rdap: /, "")}`;
              return { ...base, available: false, reason, registrar: "rdap", authoritative: false };
            }
          }),
        );
        out.push(...results);
      }
      return out;
    },
    async register() {
      throw notSupported("register domains");
    },
    async registrationStatus() {
      throw notSupported("report registrations");
    },
    async getDomain(name) {
      const r = await rdapLookup(name);
      if (!r?.registered) return null;
      return {
        name: name.toLowerCase(),
        ours: false,
        status: r.status.join(", "),
        nameservers: [],
        createdAt: r.createdAt,
        expiresAt: null,
      };
    },
    async setNameservers() {
      throw notSupported("set nameservers");
    },
    async findRegistration() {
      throw notSupported("report registrations");
    },
    async setAutoRenew() {
      throw notSupported("renew domains");
    },
    async countDomains() {
      throw notSupported("hold domains");
    },
    async tldRules(tlds) {
      return tlds.map((tld) => ({
        tld,
        sellable: false,
        reason: "RDAP only looks names up: connect a registrar to sell domains",
        minYears: 1,
        maxYears: 10,
        extensionFields: [],
        contactRoles: ["registrant" as const],
      }));
    },
    async priceList() {
      return [];
    },
    async verifyCredentials() {
      await bootstrap();
    },
  };
}
