/**
 * Cloudflare Registrar through the official `cloudflare` SDK, on the registrations API only:
 * availability and price (`registrar.check`, ≤ 20 names a call), registration
 * (`registrations.create` with `Prefer: respond-async`, then `registrationStatus.get` polled, stop on
 * `action_required`), the account's registrations (`registrations.get` / `.list` / `.edit`) and each
 * TLD's rules (`extensions.get`: a JSON Schema of the registration body). The older
 * `registrar.domains.get` / `.update` reached their end of life in September 2026 (410 Gone) and
 * are never called. With `sandbox: true` every call goes to the Registrar Sandbox
 * (`client.registrarSandbox`, routes `/accounts/{id}/registrar-sandbox/...`: no charge, no real
 * domain, no DNS zone).
 *
 * Cloudflare Registrar keeps its own nameservers (the domain's DNS is the Cloudflare zone the
 * registration creates): setNameservers is not supported.
 *
 * The SDK's own retries are off (`maxRetries: 0`): a registration must never be re-sent on a 5xx
 * or a lost answer (it may have gone through; findRegistration tells), so this adapter retries only
 * 429s, after the Retry-After, a bounded number of times, then throws RegistrarError('rate_limited').
 */
import { setTimeout as sleep } from "node:timers/promises";
import Cloudflare from "cloudflare";
import type { Registration, WorkflowStatus } from "cloudflare/resources/registrar/registrar";
import type { RegistrationCreateParams } from "cloudflare/resources/registrar/registrations";
import { DEFAULT_TLDS } from "@/lib/config/default-tlds";
import { cloudflareContacts } from "./cloudflare-contact";
import { cloudflareError, errorCodeFor } from "./cloudflare-error";
import { ruleViolation, tldRulesFromSchema } from "./cloudflare-tld-rules";
import { chunk, tldOf, toCents, withRateLimitRetry } from "./http";
import {
  type Availability,
  type RegisterRequest,
  type RegisterResult,
  type Registrar,
  type RegistrarDomain,
  RegistrarError,
  type TldPrice,
  type TldRules,
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
  /** how long register() polls the workflow before answering `pending` (default 30 s) */
  pollTimeoutMs?: number;
  /** first poll interval; grows ×1.5 up to 5 s (default 1 s) */
  pollIntervalMs?: number;
  /** how long a TLD's rules are used before asking again, with If-None-Match (default 1 hour) */
  tldRulesTtlMs?: number;
};

/** TLDs Cloudflare sells in its dashboard but refuses through the API (SDK 7.3 docs). */
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
/** TLD rules are asked again (conditionally, with the ETag) after this long */
const RULES_TTL_MS = 60 * 60_000;
/** registration statuses under which the account does not hold the domain yet */
const NOT_HELD = new Set(["registration_pending", "transfer_pending"]);

type CachedRules = { rules: TldRules; etag: string | null; at: number };
/** per process: API base + account + sandbox + TLD → the TLD's rules */
const rulesCache = new Map<string, CachedRules>();

/** Forget cached TLD rules (tests that change a fake's schemas). */
export function resetCloudflareTldRulesCache(): void {
  rulesCache.clear();
}

function parseDate(v: unknown): Date | null {
  if (typeof v !== "string" || !v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A registration resource as the domain this account holds (or is still registering). */
function domainOf(name: string, r: Partial<Registration>): RegistrarDomain {
  const status = typeof r.status === "string" ? r.status : "active";
  return {
    name,
    ours: r.domain_name?.toLowerCase() === name && !NOT_HELD.has(status),
    status,
    // Cloudflare Registrar's nameservers are those of the account's Cloudflare zone
    nameservers: [],
    createdAt: parseDate(r.created_at),
    expiresAt: parseDate(r.expires_at),
  };
}

const isStatus = (err: unknown, status: number) =>
  err instanceof RegistrarError && err.options.status === status;

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
  const cachePrefix = `${config.baseUrl ?? "default"}|${accountId}|${config.sandbox ? "sandbox" : "live"}|`;

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
      const reg = (w.context?.registration ?? {}) as Partial<Registration>;
      const domain = domainOf(name, { domain_name: name, ...reg });
      return {
        state: "succeeded",
        domain: {
          ...domain,
          ours: true,
          createdAt: domain.createdAt ?? parseDate(w.updated_at),
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
    // pending, in_progress, and blocked (a registry is slow): keep polling later
    return { state: "pending", operationId: name };
  }

  async function status(name: string): Promise<RegisterResult> {
    const w = await call(() => api.registrationStatus.get(name, { account_id: accountId }));
    return fromWorkflow(name, w);
  }

  /** this account's registration of `name`, null when it has none (404) */
  async function registration(name: string): Promise<Registration | null> {
    try {
      return await call(() => api.registrations.get(name, { account_id: accountId }));
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  /** one TLD's rules: from the per-process cache, revalidated with If-None-Match after an hour */
  async function rulesFor(tld: string): Promise<TldRules> {
    if (CLOUDFLARE_API_REFUSED_TLDS.has(tld)) {
      return notSold(tld, `Cloudflare sells .${tld} only in its dashboard, not through its API`);
    }
    const key = cachePrefix + tld;
    const cached = rulesCache.get(key);
    if (cached && Date.now() - cached.at < (config.tldRulesTtlMs ?? RULES_TTL_MS)) return cached.rules;
    try {
      const { data, response } = await call(() =>
        api.extensions
          .get(
            tld,
            { account_id: accountId },
            cached?.etag ? { headers: { "If-None-Match": cached.etag } } : {},
          )
          .withResponse(),
      );
      const rules = tldRulesFromSchema(tld, data.registration_schema);
      rulesCache.set(key, { rules, etag: response.headers.get("etag"), at: Date.now() });
      return rules;
    } catch (err) {
      if (cached && isStatus(err, 304)) {
        rulesCache.set(key, { ...cached, at: Date.now() });
        return cached.rules;
      }
      if (isStatus(err, 404)) {
        const rules = notSold(tld, `Cloudflare Registrar does not offer .${tld} through its API`);
        rulesCache.set(key, { rules, etag: null, at: Date.now() });
        return rules;
      }
      throw err;
    }
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
      const rules = await rulesFor(tldOf(name));
      if (!rules.sellable) {
        throw new RegistrarError(
          "unsupported_tld",
          rules.reason ?? `Cloudflare does not sell .${rules.tld}`,
          {
            registrar: "cloudflare",
          },
        );
      }
      // registrations are non-refundable: a request the TLD's schema refuses is not sent at all
      const violation = ruleViolation(rules, request.years, request.contactExtensions);
      if (violation) {
        throw new RegistrarError("rejected", `Cloudflare would refuse ${name}: ${violation}`, {
          registrar: "cloudflare",
        });
      }
      const extensions = Object.fromEntries(
        rules.extensionFields
          .map((f) => [f.key, request.contactExtensions?.[f.key]] as const)
          .filter(([, v]) => v !== undefined && v !== ""),
      );
      const params: RegistrationCreateParams = {
        account_id: accountId,
        domain_name: name,
        years: request.years,
        auto_renew: request.autoRenew ?? false,
        privacy_mode: request.privacy ? "redaction" : "off",
        contacts: cloudflareContacts(request.contact, rules.contactRoles),
        ...(Object.keys(extensions).length ? { contact_extensions: extensions } : {}),
        // answer at once and poll: a held connection that times out leaves the outcome unknown
        Prefer: "respond-async",
      };
      // sent once: a lost answer is found by findRegistration, never by sending it again
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
      const domain = name.toLowerCase();
      const held = await registration(domain);
      if (held && !NOT_HELD.has(held.status)) return { state: "succeeded", domain: domainOf(domain, held) };
      try {
        return await status(domain);
      } catch (err) {
        if (!isStatus(err, 404)) throw err;
        // a registration resource without a workflow is still being set up
        return held ? { state: "pending", operationId: domain } : null;
      }
    },

    async getDomain(name) {
      const domain = name.toLowerCase();
      const r = await registration(domain);
      return r ? domainOf(domain, r) : null;
    },

    async setNameservers(name) {
      throw new RegistrarError(
        "not_supported",
        `Cloudflare Registrar keeps its own nameservers: ${name} uses Cloudflare DNS and its nameservers cannot be changed`,
        { registrar: "cloudflare" },
      );
    },

    async setAutoRenew(name, on) {
      const w = await call(() =>
        api.registrations.edit(name.toLowerCase(), { account_id: accountId, auto_renew: on }),
      );
      if (w.state === "failed") {
        throw new RegistrarError(
          "rejected",
          `Cloudflare could not turn auto-renew ${on ? "on" : "off"} for ${name}: ${w.error?.message ?? "update failed"}`,
          { registrar: "cloudflare" },
        );
      }
    },

    async countDomains() {
      let page = await call(() => api.registrations.list({ account_id: accountId, per_page: 50 }));
      let n = page.getPaginatedItems().length;
      while (page.hasNextPage()) {
        const current = page;
        page = await call(() => current.getNextPage());
        n += page.getPaginatedItems().length;
      }
      return n;
    },

    async tldRules(tlds) {
      const out: TldRules[] = [];
      for (const tld of tlds) out.push(await rulesFor(tld.toLowerCase().replace(/^\./, "")));
      return out;
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
      await call(() => api.registrations.list({ account_id: accountId, per_page: 1 }));
    },
  };
  return registrar;
}

function notSold(tld: string, reason: string): TldRules {
  return {
    tld,
    sellable: false,
    reason,
    minYears: 1,
    maxYears: 10,
    extensionFields: [],
    contactRoles: ["registrant"],
  };
}
