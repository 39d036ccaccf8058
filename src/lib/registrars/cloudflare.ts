/**
 * Cloudflare Registrar through the official `cloudflare` SDK: availability and price
 * (`registrar.check`, ≤ 20 names a call), registration (`registrar.registrations.create`, a workflow:
 * 201 done, 202 → poll `registrationStatus.get`, stop on `action_required`), the account's domains
 * (`registrar.domains.get`/`update`). With `sandbox: true` every call goes to the Registrar Sandbox
 * (`client.registrarSandbox`, routes `/accounts/{id}/registrar-sandbox/...`: no charge, no real
 * domain, no DNS zone).
 *
 * The SDK's own retries are off (`maxRetries: 0`): a registration must never be re-sent on a 5xx
 * (it may have gone through), so this adapter retries only 429s, after the Retry-After, a bounded
 * number of times, then throws RegistrarError('rate_limited').
 */
import { setTimeout as sleep } from "node:timers/promises";
import Cloudflare, { APIConnectionError, APIError } from "cloudflare";
import type { DomainUpdateParams } from "cloudflare/resources/registrar/domains";
import type { WorkflowStatus } from "cloudflare/resources/registrar/registrar";
import type { RegistrationCreateParams } from "cloudflare/resources/registrar/registrations";
import { DEFAULT_TLDS } from "@/lib/config/default-tlds";
import { chunk, networkError, retryAfterMs, tldOf, toCents, withRateLimitRetry } from "./http";
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

export type CloudflareRegistrarConfig = {
  apiToken: string;
  accountId: string;
  /** another API base (tests, proxies); default https://api.cloudflare.com/client/v4 */
  baseUrl?: string;
  /** use the Registrar Sandbox routes (staging) */
  sandbox?: boolean;
  /** how many times a 429 is retried after its Retry-After (default 3) */
  rateLimitRetries?: number;
  /** how long register() polls a 202 workflow before answering `pending` (default 30 s) */
  pollTimeoutMs?: number;
  /** first poll interval; grows ×1.5 up to 5 s (default 1 s) */
  pollIntervalMs?: number;
};

/** TLDs Cloudflare sells in its dashboard but refuses through the API (its docs, late 2026). */
export const CLOUDFLARE_API_REFUSED_TLDS = new Set([
  "giving",
  "mom",
  "inc",
  "lol",
  "sh",
  "link",
  "cc",
  "new",
]);

const MAX_CHECK = 20;

function errorCodeFor(text: string): RegistrarErrorCode | null {
  const t = text.toLowerCase();
  if (/domain_unavailable|not available|already registered|unavailable/.test(t)) return "taken";
  if (/premium/.test(t)) return "premium";
  if (/extension_not_supported|extension_disallows|not supported/.test(t)) return "unsupported_tld";
  if (/payment|billing|funds|declined/.test(t)) return "insufficient_funds";
  if (/invalid.*(name|domain)|(name|domain).*invalid/.test(t)) return "invalid_name";
  return null;
}

/** An SDK error as a RegistrarError with the provider's message. */
export function cloudflareError(err: unknown): RegistrarError {
  if (err instanceof RegistrarError) return err;
  if (err instanceof APIError && typeof err.status === "number") {
    const messages = (err.errors ?? []).map((e) => e.message).filter(Boolean);
    const message = `Cloudflare: ${messages.join("; ") || err.message}`;
    const base = { status: err.status, registrar: "cloudflare" as const };
    if (err.status === 429) {
      return new RegistrarError("rate_limited", message, {
        ...base,
        retryAfterMs: retryAfterMs(err.headers?.get("retry-after") ?? null),
      });
    }
    if (err.status === 401 || err.status === 403) return new RegistrarError("auth", message, base);
    if (err.status >= 500) return new RegistrarError("transient", message, base);
    return new RegistrarError(errorCodeFor(messages.join(" ")) ?? "rejected", message, base);
  }
  if (err instanceof APIConnectionError) return networkError("cloudflare", err);
  return new RegistrarError("transient", `Cloudflare: ${err instanceof Error ? err.message : String(err)}`, {
    registrar: "cloudflare",
  });
}

function contactFor(c: RegistrantContact): RegistrationCreateParams.Contacts.Registrant {
  return {
    email: c.email,
    phone: c.phone,
    postal_info: {
      name: `${c.firstName} ${c.lastName}`.trim(),
      ...(c.organization ? { organization: c.organization } : {}),
      address: {
        street: [c.address1, c.address2].filter(Boolean).join(", "),
        city: c.city,
        state: c.state,
        postal_code: c.postalCode,
        country_code: c.country.toUpperCase(),
      },
    },
  };
}

function parseDate(v: unknown): Date | null {
  if (typeof v !== "string" || !v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function cloudflareRegistrar(config: CloudflareRegistrarConfig): Registrar {
  const client = new Cloudflare({
    apiToken: config.apiToken,
    // only the token: never other credentials the SDK would pick up from the environment
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    maxRetries: 0,
    timeout: 60_000,
  });
  const accountId = config.accountId;
  const api = config.sandbox ? client.registrarSandbox : client.registrar;
  const retries = config.rateLimitRetries ?? 3;

  /** one API call: SDK errors mapped, 429s retried after Retry-After */
  const call = <T>(fn: () => Promise<T>): Promise<T> =>
    withRateLimitRetry(async () => {
      try {
        return await fn();
      } catch (err) {
        throw cloudflareError(err);
      }
    }, retries);

  function fromWorkflow(name: string, w: WorkflowStatus): RegisterResult {
    if (w.state === "succeeded") {
      const reg = (w.context?.registration ?? {}) as Record<string, unknown>;
      return {
        state: "succeeded",
        domain: {
          name,
          ours: true,
          status: typeof reg.status === "string" ? reg.status : "active",
          nameservers: [],
          createdAt: parseDate(reg.created_at) ?? parseDate(w.updated_at),
          expiresAt: parseDate(reg.expires_at),
        },
      };
    }
    if (w.state === "failed") {
      const text = `${w.error?.code ?? ""} ${w.error?.message ?? ""}`.trim();
      throw new RegistrarError(
        errorCodeFor(text) ?? "rejected",
        `Cloudflare could not register ${name}: ${w.error?.message ?? w.error?.code ?? "registration failed"}`,
        { registrar: "cloudflare" },
      );
    }
    if (w.state === "action_required") {
      const action = w.context?.action;
      return {
        state: "action_required",
        operationId: name,
        reason: `Cloudflare needs action on the account before ${name} can be registered${
          typeof action === "string" ? `: ${action}` : ""
        }`,
      };
    }
    return { state: "pending", operationId: name };
  }

  async function status(name: string): Promise<RegisterResult> {
    const w = await call(() => api.registrationStatus.get(name, { account_id: accountId }));
    return fromWorkflow(name, w);
  }

  const registrar: Registrar = {
    id: "cloudflare",
    // Cloudflare Registrar keeps its own nameservers; its sandbox creates no zone
    capabilities: { setNameservers: false, createsDnsZone: !config.sandbox, maxDomainsPerAccount: 100 },
    maxCheckBatch: MAX_CHECK,

    async check(names) {
      const out: Availability[] = [];
      for (const group of chunk(
        names.map((n) => n.toLowerCase()),
        MAX_CHECK,
      )) {
        const res = await call(() => api.check({ account_id: accountId, domains: group }));
        const byName = new Map(res.domains.map((d) => [d.name.toLowerCase(), d]));
        for (const name of group) {
          const d = byName.get(name);
          const base = {
            name,
            registrar: "cloudflare" as const,
            authoritative: true,
            currency: d?.pricing?.currency ?? "USD",
            registrationCents: toCents(d?.pricing?.registration_cost),
            renewalCents: toCents(d?.pricing?.renewal_cost),
          };
          if (!d) {
            out.push({ ...base, available: false, premium: false, reason: "no answer from Cloudflare" });
            continue;
          }
          const premium = d.tier === "premium" || d.reason === "domain_premium";
          if (premium) {
            // shown with its price, never sold (Cloudflare's API does not register premium names)
            out.push({ ...base, available: true, premium: true, reason: "premium" });
          } else if (d.registrable) {
            out.push({ ...base, available: true, premium: false, reason: null });
          } else {
            const reason =
              d.reason === "domain_unavailable"
                ? "taken"
                : d.reason === "extension_not_supported_via_api" || d.reason === "extension_not_supported"
                  ? "unsupported_tld"
                  : d.reason === "extension_disallows_registration"
                    ? "registry_closed"
                    : (d.reason ?? "not registrable");
            out.push({ ...base, available: false, premium: false, reason });
          }
        }
      }
      return out;
    },

    async register(request: RegisterRequest) {
      const name = request.name.toLowerCase();
      if (CLOUDFLARE_API_REFUSED_TLDS.has(tldOf(name))) {
        throw new RegistrarError(
          "unsupported_tld",
          `Cloudflare does not register .${tldOf(name)} through its API`,
          {
            registrar: "cloudflare",
          },
        );
      }
      const contact = contactFor(request.contact);
      // Cloudflare registrations start on Cloudflare's nameservers (the API takes none here); DNS
      // setup moves them with setNameservers when the zone lives elsewhere.
      const params: RegistrationCreateParams = {
        account_id: accountId,
        domain_name: name,
        years: request.years,
        auto_renew: request.autoRenew ?? true,
        privacy_mode: request.privacy ? "redaction" : "off",
        contacts: { registrant: contact, administrator: contact, technical: contact, billing: contact },
      };
      const w = await call(() => api.registrations.create(params));
      let result = fromWorkflow(name, w);
      const deadline = Date.now() + (config.pollTimeoutMs ?? 30_000);
      let interval = config.pollIntervalMs ?? 1_000;
      while (result.state === "pending" && Date.now() + interval < deadline) {
        await sleep(interval);
        interval = Math.min(interval * 1.5, 5_000);
        result = await status(name);
      }
      return result;
    },

    registrationStatus: status,

    async findRegistration(name) {
      try {
        return await status(name.toLowerCase());
      } catch (err) {
        if (err instanceof RegistrarError && err.options.status === 404) return null;
        throw err;
      }
    },

    async setAutoRenew(name, on) {
      await call(() => api.registrations.edit(name.toLowerCase(), { account_id: accountId, auto_renew: on }));
    },

    async countDomains() {
      let n = 0;
      for await (const _ of api.registrations.list({ account_id: accountId })) n++;
      return n;
    },

    async tldRules(tlds) {
      return tlds.map((tld) => ({
        tld,
        sellable: !CLOUDFLARE_API_REFUSED_TLDS.has(tld),
        reason: CLOUDFLARE_API_REFUSED_TLDS.has(tld)
          ? "Cloudflare does not register it through its API"
          : null,
        minYears: 1,
        maxYears: 10,
        extensionFields: [],
        contactRoles: ["registrant", "administrator", "technical", "billing"],
      }));
    },

    async getDomain(name) {
      const domain = name.toLowerCase();
      try {
        if (config.sandbox) {
          const r = await call(() =>
            client.registrarSandbox.registrations.get(domain, { account_id: accountId }),
          );
          return {
            name: domain,
            ours: true,
            status: r.status,
            nameservers: [],
            createdAt: parseDate(r.created_at),
            expiresAt: parseDate(r.expires_at),
          } satisfies RegistrarDomain;
        }
        const r = (await call(() =>
          client.registrar.domains.get(domain, { account_id: accountId }),
        )) as Record<string, unknown> | null;
        if (!r) return null;
        return {
          name: domain,
          ours: true,
          status:
            typeof r.registry_statuses === "string" && r.registry_statuses ? r.registry_statuses : "active",
          nameservers: Array.isArray(r.name_servers) ? r.name_servers.map(String) : [],
          createdAt: parseDate(r.created_at),
          expiresAt: parseDate(r.expires_at),
        } satisfies RegistrarDomain;
      } catch (err) {
        if (err instanceof RegistrarError && err.options.status === 404) return null;
        throw err;
      }
    },

    async setNameservers(name, nameservers) {
      // The sandbox has no DNS: its test domains have no delegation to change.
      if (config.sandbox) return;
      const params: DomainUpdateParams & { name_servers: string[] } = {
        account_id: accountId,
        name_servers: nameservers.map((n) => n.toLowerCase().replace(/\.$/, "")),
      };
      await call(() => client.registrar.domains.update(name.toLowerCase(), params));
    },

    async priceList(tlds = DEFAULT_TLDS): Promise<TldPrice[]> {
      // Cloudflare publishes at-cost prices per check: ask for an improbable name per TLD.
      const probe = `coldframe-price-${Date.now().toString(36)}`;
      const results = await registrar.check(tlds.map((t) => `${probe}.${t}`));
      return results
        .filter((r) => r.available && !r.premium && r.registrationCents !== null)
        .map((r) => ({
          tld: tldOf(r.name),
          registrationCents: r.registrationCents ?? 0,
          renewalCents: r.renewalCents ?? r.registrationCents ?? 0,
          currency: r.currency,
        }));
    },

    async verifyCredentials() {
      // needs the token, the account, and Registrar permission: list one page of registrations
      await call(() => api.registrations.list({ account_id: accountId }));
    },
  };
  return registrar;
}
