/**
 * Name.com Core API v1 (https://docs.name.com) over fetch: HTTP Basic `username:token`, JSON,
 * prices in dollars. Availability `POST /core/v1/domains:checkAvailability` (≤ 50 names), register
 * `POST /core/v1/domains` with `X-Idempotency-Key` (a retried call answers the first result, never
 * buys twice), `GET /core/v1/domains/{name}`, `POST /core/v1/domains/{name}:setNameservers`,
 * `GET /core/v1/domains/{name}:getPricing`. Errors come as `{ message, details? }`.
 * Name.com allows 20 requests a second per account: a shared limiter keeps under it, and 429s are
 * retried after their Retry-After a bounded number of times.
 * Test environment: `https://api.dev.name.com` with the username + "-test" and the sandbox token.
 */
import { DEFAULT_TLDS } from "@/lib/config/default-tlds";
import { chunk, networkError, rateLimiter, retryAfterMs, toCents, withRateLimitRetry } from "./http";
import {
  type Availability,
  type RegisterRequest,
  type RegisterResult,
  type RegistrantContact,
  type Registrar,
  type RegistrarDomain,
  RegistrarError,
  type RegistrarErrorCode,
  type TldPrice,
} from "./types";

export type NamecomRegistrarConfig = {
  username: string;
  token: string;
  /** https://api.name.com (default) or https://api.dev.name.com */
  apiUrl?: string;
  rateLimitRetries?: number;
};

const MAX_CHECK = 50;
const limiters = new Map<string, () => Promise<void>>();

type NamecomDomain = {
  domainName: string;
  createDate?: string;
  expireDate?: string;
  nameservers?: string[] | Record<string, string>;
  locked?: boolean;
};

function codeFor(status: number, text: string): RegistrarErrorCode {
  const t = text.toLowerCase();
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status === 402 || /insufficient funds|balance/.test(t)) return "insufficient_funds";
  if (status >= 500) return "transient";
  if (/not available|unavailable|already registered/.test(t)) return "taken";
  if (/purchase price does not match/.test(t)) return "price_changed";
  if (/premium/.test(t)) return "premium";
  if (/tld.*not supported|not supported.*tld|unsupported tld/.test(t)) return "unsupported_tld";
  if (/invalid.*domain|domain.*invalid/.test(t)) return "invalid_name";
  return "rejected";
}

function contactFor(c: RegistrantContact) {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    ...(c.organization ? { companyName: c.organization } : {}),
    address1: c.address1,
    ...(c.address2 ? { address2: c.address2 } : {}),
    city: c.city,
    state: c.state,
    zip: c.postalCode,
    country: c.country.toUpperCase(),
    email: c.email,
    phone: c.phone,
  };
}

function nameserversOf(d: NamecomDomain): string[] {
  if (Array.isArray(d.nameservers)) return d.nameservers;
  if (d.nameservers && typeof d.nameservers === "object") return Object.values(d.nameservers);
  return [];
}

function toDomain(d: NamecomDomain): RegistrarDomain {
  const date = (v?: string) => (v ? new Date(v) : null);
  return {
    name: d.domainName.toLowerCase(),
    ours: true,
    status: "active",
    nameservers: nameserversOf(d).map((n) => n.toLowerCase()),
    createdAt: date(d.createDate),
    expiresAt: date(d.expireDate),
  };
}

export function namecomRegistrar(config: NamecomRegistrarConfig): Registrar {
  const apiUrl = (config.apiUrl ?? "https://api.name.com").replace(/\/+$/, "");
  const auth = `Basic ${Buffer.from(`${config.username}:${config.token}`).toString("base64")}`;
  const limiterKey = `${apiUrl}|${config.username}`;
  let acquire = limiters.get(limiterKey);
  if (!acquire) {
    acquire = rateLimiter(20);
    limiters.set(limiterKey, acquire);
  }
  const limit = acquire;
  const retries = config.rateLimitRetries ?? 3;

  async function once<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    await limit();
    let res: Response;
    try {
      res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: auth,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      throw networkError("namecom", err);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.ok) return json as T;
    const err = (json ?? {}) as { message?: string; details?: string };
    const detail = [err.message, err.details].filter(Boolean).join(": ") || `HTTP ${res.status}`;
    throw new RegistrarError(codeFor(res.status, detail), `Name.com: ${detail}`, {
      status: res.status,
      registrar: "namecom",
      ...(res.status === 429 ? { retryAfterMs: retryAfterMs(res.headers.get("retry-after")) } : {}),
    });
  }
  const request = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    withRateLimitRetry(() => once<T>(method, path, body, headers), retries);

  const domainPath = (name: string) => `/core/v1/domains/${encodeURIComponent(name.toLowerCase())}`;

  const registrar: Registrar = {
    id: "namecom",
    capabilities: { setNameservers: true, createsDnsZone: false, maxDomainsPerAccount: null },
    maxCheckBatch: MAX_CHECK,

    async check(names) {
      const out: Availability[] = [];
      for (const group of chunk(
        names.map((n) => n.toLowerCase()),
        MAX_CHECK,
      )) {
        const res = await request<{
          results?: {
            domainName: string;
            purchasable?: boolean;
            premium?: boolean;
            purchasePrice?: number;
            purchaseType?: string;
            renewalPrice?: number;
            reason?: string;
          }[];
        }>("POST", "/core/v1/domains:checkAvailability", { domainNames: group });
        // "the order should not be relied upon": match by name
        const byName = new Map((res?.results ?? []).map((r) => [r.domainName.toLowerCase(), r]));
        for (const name of group) {
          const r = byName.get(name);
          const base = {
            name,
            registrar: "namecom" as const,
            authoritative: true,
            currency: "USD",
            registrationCents: toCents(r?.purchasePrice),
            renewalCents: toCents(r?.renewalPrice),
          };
          if (!r) {
            out.push({ ...base, available: false, premium: false, reason: "no answer from Name.com" });
          } else if (!r.purchasable) {
            const unsupported = /tld|extension|not supported/i.test(r.reason ?? "");
            out.push({
              ...base,
              available: false,
              premium: false,
              reason: unsupported ? "unsupported_tld" : "taken",
            });
          } else if (r.premium || (r.purchaseType && r.purchaseType !== "registration")) {
            out.push({
              ...base,
              available: true,
              premium: true,
              reason: r.premium ? "premium" : (r.purchaseType ?? null),
            });
          } else {
            out.push({ ...base, available: true, premium: false, reason: null });
          }
        }
      }
      return out;
    },

    async register(req: RegisterRequest): Promise<RegisterResult> {
      const contact = contactFor(req.contact);
      const res = await request<{ domain: NamecomDomain }>(
        "POST",
        "/core/v1/domains",
        {
          domain: {
            domainName: req.name.toLowerCase(),
            privacyEnabled: req.privacy,
            autorenewEnabled: req.autoRenew ?? true,
            contacts: { registrant: contact, admin: contact, tech: contact, billing: contact },
            ...(req.nameservers && req.nameservers.length > 0 ? { nameservers: req.nameservers } : {}),
          },
          years: req.years,
        },
        { "x-idempotency-key": req.idempotencyKey },
      );
      return { state: "succeeded", domain: toDomain(res.domain) };
    },

    async registrationStatus(operationId) {
      // Name.com registers synchronously: the operation id is the domain name
      const domain = await registrar.getDomain(operationId);
      if (!domain)
        throw new RegistrarError("rejected", `Name.com has no registration of ${operationId}`, {
          registrar: "namecom",
        });
      return { state: "succeeded", domain };
    },

    async getDomain(name) {
      try {
        return toDomain(await request<NamecomDomain>("GET", domainPath(name)));
      } catch (err) {
        if (err instanceof RegistrarError && err.options.status === 404) return null;
        throw err;
      }
    },

    async findRegistration(name) {
      // Name.com registers synchronously: a registration that went through is a domain of the account
      const domain = await registrar.getDomain(name);
      return domain ? { state: "succeeded", domain } : null;
    },

    async setAutoRenew(name, on) {
      await request("POST", `${domainPath(name)}:${on ? "enableAutorenew" : "disableAutorenew"}`);
    },

    async countDomains() {
      const res = await request<{ totalCount?: number; domains?: unknown[] }>(
        "GET",
        "/core/v1/domains?perPage=1",
      );
      return res.totalCount ?? res.domains?.length ?? 0;
    },

    async tldRules(tlds) {
      // minimum term and extension fields: see the Name.com adapter work (issue 14)
      return tlds.map((tld) => ({
        tld,
        sellable: true,
        reason: null,
        minYears: 1,
        maxYears: 10,
        extensionFields: [],
        contactRoles: ["registrant", "administrator", "technical", "billing"],
      }));
    },

    async setNameservers(name, nameservers) {
      await request("POST", `${domainPath(name)}:setNameservers`, {
        nameservers: nameservers.map((n) => n.toLowerCase().replace(/\.$/, "")),
      });
    },

    async priceList(tlds = DEFAULT_TLDS): Promise<TldPrice[]> {
      const probe = `coldframe-price-${Date.now().toString(36)}`;
      const out: TldPrice[] = [];
      for (const tld of tlds) {
        try {
          const p = await request<{ purchasePrice?: number; renewalPrice?: number; premium?: boolean }>(
            "GET",
            `${domainPath(`${probe}.${tld}`)}:getPricing?years=1`,
          );
          const registration = toCents(p.purchasePrice);
          if (registration === null || p.premium) continue;
          out.push({
            tld,
            registrationCents: registration,
            renewalCents: toCents(p.renewalPrice) ?? registration,
            currency: "USD",
          });
        } catch (err) {
          if (err instanceof RegistrarError && (err.code === "unsupported_tld" || err.options.status === 400))
            continue;
          throw err;
        }
      }
      return out;
    },

    async verifyCredentials() {
      await request("GET", "/core/v1/domains?perPage=1");
    },
  };
  return registrar;
}
