/**
 * Name.com Core API v1 (https://docs.name.com) over fetch: HTTP Basic `username:token`, JSON,
 * prices in US dollars, errors as `{ message, details? }`.
 *
 * - availability: `POST /core/v1/domains:checkAvailability` (≤ 50 names, `purchaseType:
 *   "registration"` so aftermarket offers stay out);
 * - per-TLD rules: `GET /core/v1/domaininfo/requirements/{tld}` (allowed terms, extra registrant
 *   fields sent as `tldRequirements`, contact roles) and `GET /core/v1/domains/{probe}:getPricing`
 *   without `years`, which prices the TLD's minimum term; both cached per process for an hour;
 * - register: `POST /core/v1/domains` with `X-Idempotency-Key` = the order item id (a retried call
 *   within Name.com's one-hour key lifetime answers the first result and never buys twice);
 * - the account's domains: `GET /core/v1/domains/{name}` (404 when the account does not hold it),
 *   `GET /core/v1/domains` (its `totalCount`), `PATCH /core/v1/domains/{name}` `{autorenewEnabled}`,
 *   `POST /core/v1/domains/{name}:setNameservers`.
 * Every POST/PATCH carries `Content-Type: application/json` (415 otherwise), a body-less action `{}`.
 * Name.com allows 20 requests a second (and 3,000 an hour) per account: a shared limiter keeps under
 * the first, and 429s are retried after their Retry-After a bounded number of times.
 * Test environment: `https://api.dev.name.com` with the username + "-test" and the test token.
 */
import { DEFAULT_TLDS } from "@/lib/config/default-tlds";
import { chunk, networkError, rateLimiter, retryAfterMs, tldOf, toCents, withRateLimitRetry } from "./http";
import { namecomPhone } from "./namecom-phone";
import {
  type Availability,
  type ContactRole,
  type ExtensionField,
  type RegisterRequest,
  type RegisterResult,
  type RegistrantContact,
  type Registrar,
  type RegistrarDomain,
  RegistrarError,
  type RegistrarErrorCode,
  type TldPrice,
  type TldRules,
} from "./types";

export type NamecomRegistrarConfig = {
  username: string;
  token: string;
  /** https://api.name.com (default) or https://api.dev.name.com */
  apiUrl?: string;
  rateLimitRetries?: number;
};

const MAX_CHECK = 50;
/** how long TLD rules and minimum-term prices are reused before Name.com is asked again */
export const NAMECOM_TLD_CACHE_MS = 60 * 60 * 1000;
const TEST_HOST = "api.dev.name.com";
/** any name of the TLD priced by getPricing; long enough for every TLD's minimum length */
const PRICE_PROBE = "coldframe-price-probe";

const limiters = new Map<string, () => Promise<void>>();

/**
 * `years`: the terms the registry allows, which may skip some (.ai: 2, 4, ...; empty: unknown);
 * `contactChoices`: per contact key, the fields whose values the registry restricts
 */
type TldInfo = {
  rules: TldRules;
  price: TldPrice | null;
  years: number[];
  contactChoices: Map<string, Map<string, string[]>>;
};
const tldCache = new Map<string, { at: number; value: TldInfo }>();

/** Forgets every cached TLD rule and price (tests change the local Name.com's TLDs). */
export function resetNamecomTldCache(): void {
  tldCache.clear();
}

type NamecomDomain = {
  domainName: string;
  createDate?: string;
  expireDate?: string;
  nameservers?: string[] | Record<string, string>;
  locked?: boolean;
  autorenewEnabled?: boolean;
};

/** Name.com's RequirementField (Domain Info API), only the parts read here. */
type RequirementField = {
  type?: string;
  required?: boolean | string;
  label?: string;
  description?: string;
  validation?: string | null;
  options?: (string | { value: string; label?: string; fields?: Record<string, unknown> | null })[] | null;
  required_when?: string | null;
  fields?: Record<string, unknown> | null;
  value?: string | null;
};
type RequirementsResponse = {
  tldInfo?: {
    allowedRegistrationYears?: number[];
    requireIdnSld?: boolean;
    requiresPreDelegation?: boolean;
    claimsCheckRequired?: string[];
  };
  contacts?: { fields?: Record<string, unknown> };
  requirements?: { description?: string; fields?: Record<string, RequirementField | null> };
};

const CONTACT_KEYS: Record<ContactRole, "registrant" | "admin" | "tech" | "billing"> = {
  registrant: "registrant",
  administrator: "admin",
  technical: "tech",
  billing: "billing",
};
const ALL_ROLES: ContactRole[] = ["registrant", "administrator", "technical", "billing"];
/** the ContactRequest fields: older requirement answers listed them beside the registry's own */
const STANDARD_CONTACT_FIELDS = new Set([
  "firstName",
  "lastName",
  "companyName",
  "address1",
  "address2",
  "city",
  "state",
  "zip",
  "country",
  "email",
  "phone",
  "fax",
]);

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
  if (/invalid.*domain name|domain name.*invalid/.test(t)) return "invalid_name";
  return "rejected";
}

function nameserversOf(d: NamecomDomain): string[] {
  if (Array.isArray(d.nameservers)) return d.nameservers;
  if (d.nameservers && typeof d.nameservers === "object") return Object.values(d.nameservers);
  return [];
}

function toDomain(d: NamecomDomain): RegistrarDomain {
  const date = (v?: string) => (v ? new Date(v) : null);
  const expiresAt = date(d.expireDate);
  return {
    name: d.domainName.toLowerCase(),
    ours: true,
    status: expiresAt && expiresAt.getTime() < Date.now() ? "expired" : "active",
    nameservers: nameserversOf(d).map((n) => n.toLowerCase()),
    createdAt: date(d.createDate),
    expiresAt,
  };
}

const isRequired = (r: RequirementField["required"]) => r === true || r === "true";

/** ExtensionField keys of registry notices: asked in the cart (read and accepted), never sent */
export const NAMECOM_NOTICE_PREFIX = "notice:";

/**
 * Name.com's requirement fields as the cart's ExtensionFields, or why the TLD cannot be sold yet:
 * fields that depend on another field's answer (.fr, .se, .com.br) or come and go with a condition
 * need a form this shop does not have. A "notice" carries no value but must be shown before the
 * purchase: it becomes a required one-choice field ("I have read this") that register never sends.
 */
function extensionFieldsOf(res: RequirementsResponse): { fields: ExtensionField[]; blocker: string | null } {
  const fields: ExtensionField[] = [];
  for (const [key, f] of Object.entries(res.requirements?.fields ?? {})) {
    if (!f || STANDARD_CONTACT_FIELDS.has(key)) continue;
    if (f.type === "notice") {
      fields.push({
        key: `${NAMECOM_NOTICE_PREFIX}${key}`,
        label: f.label || "Registry notice",
        required: true,
        options: [{ value: "read", label: "I have read this notice" }],
        ...(f.description ? { help: f.description } : {}),
      });
      continue;
    }
    const nested =
      (f.fields && Object.keys(f.fields).length > 0) ||
      f.required_when ||
      (typeof f.required === "string" && f.required !== "true" && f.required !== "false") ||
      (f.options ?? []).some((o) => typeof o === "object" && o.fields && Object.keys(o.fields).length > 0);
    if (nested) {
      return { fields: [], blocker: "the registry asks for registrant details that depend on each other" };
    }
    const label = f.label || key;
    const help = [f.description, f.validation ? `Format: ${f.validation}` : null].filter(Boolean).join(" ");
    const base = { key, label, required: isRequired(f.required), ...(help ? { help } : {}) };
    if (f.type === "string") fields.push(base);
    else if (f.type === "enum") {
      const options = (f.options ?? []).map((o) =>
        typeof o === "string" ? { value: o, label: o } : { value: o.value, label: o.label || o.value },
      );
      fields.push({ ...base, options });
    } else if (f.type === "acknowledgement") {
      if (!f.value) return { fields: [], blocker: `the registry's acknowledgement "${label}" has no value` };
      fields.push({ ...base, required: true, options: [{ value: f.value, label }] });
    } else if (f.type === "boolean") {
      fields.push({
        ...base,
        options: [
          { value: "true", label: "Yes" },
          { value: "false", label: "No" },
        ],
      });
    } else {
      return {
        fields: [],
        blocker: `the registry asks for a kind of detail this shop cannot collect (${f.type})`,
      };
    }
  }
  return { fields, blocker: null };
}

/**
 * What the TLD allows in the contact fields, per Name.com contact key: the choices of a field with
 * options (a ccTLD's allowed countries, say). Only these are checked: the form cannot offer them.
 */
function contactChoicesOf(res: RequirementsResponse): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const [role, def] of Object.entries(res.contacts?.fields ?? {})) {
    const fields = (def as { fields?: Record<string, RequirementField | null> } | null)?.fields ?? {};
    for (const [field, f] of Object.entries(fields)) {
      if (!f?.options?.length) continue;
      const values = f.options.map((o) => (typeof o === "string" ? o : o.value));
      const forRole = out.get(role) ?? new Map<string, string[]>();
      forRole.set(field, values);
      out.set(role, forRole);
    }
  }
  return out;
}

/** The contact roles the TLD lists, or all four when it says nothing (most TLDs). */
function contactRolesOf(res: RequirementsResponse): ContactRole[] {
  const listed = Object.keys(res.contacts?.fields ?? {});
  if (listed.length === 0) return ALL_ROLES;
  const roles = ALL_ROLES.filter((r) => listed.includes(CONTACT_KEYS[r]));
  return roles.includes("registrant") ? roles : ["registrant", ...roles];
}

function contactFor(c: RegistrantContact, phone: string) {
  return {
    firstName: c.firstName.trim(),
    lastName: c.lastName.trim(),
    ...(c.organization?.trim() ? { companyName: c.organization.trim() } : {}),
    address1: c.address1.trim(),
    ...(c.address2?.trim() ? { address2: c.address2.trim() } : {}),
    city: c.city.trim(),
    state: c.state.trim(),
    zip: c.postalCode.trim(),
    country: c.country.trim().toUpperCase(),
    email: c.email.trim(),
    phone,
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
  // the test environment knows only "<username>-test": say so instead of a bare 401
  const testHostWithoutSuffix = new URL(apiUrl).hostname === TEST_HOST && !config.username.endsWith("-test");

  async function once<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ json: T; replay: boolean }> {
    if (testHostWithoutSuffix) {
      throw new RegistrarError(
        "auth",
        `Name.com's test environment (${TEST_HOST}) needs the username with "-test" appended (${config.username}-test) and the test API token`,
        { registrar: "namecom" },
      );
    }
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
    if (res.ok) return { json: json as T, replay: res.headers.get("x-idempotent-replay") === "1" };
    const err = (json ?? {}) as { message?: string; details?: string | null };
    const detail = [err.message, err.details].filter(Boolean).join(": ") || `HTTP ${res.status}`;
    throw new RegistrarError(codeFor(res.status, detail), `Name.com: ${detail}`, {
      status: res.status,
      registrar: "namecom",
      ...(res.status === 429 ? { retryAfterMs: retryAfterMs(res.headers.get("retry-after")) } : {}),
    });
  }
  const call = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    withRateLimitRetry(() => once<T>(method, path, body, headers), retries);
  const request = async <T>(method: string, path: string, body?: unknown) =>
    (await call<T>(method, path, body)).json;

  const domainPath = (name: string) => `/core/v1/domains/${encodeURIComponent(name.toLowerCase())}`;
  const notSold = (status: number | undefined) => status === 404 || status === 422;

  async function fetchTldInfo(tld: string): Promise<TldInfo> {
    const refuse = (reason: string): TldInfo => ({
      rules: {
        tld,
        sellable: false,
        reason,
        minYears: 1,
        maxYears: 10,
        extensionFields: [],
        contactRoles: ALL_ROLES,
      },
      price: null,
      years: [],
      contactChoices: new Map(),
    });
    let req: RequirementsResponse;
    try {
      req = await request<RequirementsResponse>(
        "GET",
        `/core/v1/domaininfo/requirements/${encodeURIComponent(tld)}`,
      );
    } catch (err) {
      if (err instanceof RegistrarError && notSold(err.options.status)) {
        return refuse(`Name.com does not sell .${tld}`);
      }
      throw err;
    }
    const years = (req.tldInfo?.allowedRegistrationYears ?? []).filter((y) => Number.isInteger(y) && y > 0);
    const minYears = years.length > 0 ? Math.min(...years) : 1;
    const maxYears = years.length > 0 ? Math.max(...years) : 10;
    const { fields, blocker } = extensionFieldsOf(req);
    const base: TldRules = {
      tld,
      sellable: true,
      reason: null,
      minYears,
      maxYears,
      extensionFields: fields,
      contactRoles: contactRolesOf(req),
    };
    const info = req.tldInfo ?? {};
    const why =
      blocker ??
      (info.requireIdnSld ? "the registry takes only internationalised (IDN) names" : null) ??
      (info.requiresPreDelegation ? "the registry wants the DNS set up before the registration" : null) ??
      ((info.claimsCheckRequired ?? []).includes("registration")
        ? "the TLD is in its trademark claims period (each name needs a claims check)"
        : null);
    const contactChoices = contactChoicesOf(req);
    if (why) {
      return {
        rules: { ...base, sellable: false, reason: `Not sold yet: ${why}` },
        price: null,
        years,
        contactChoices,
      };
    }

    // without `years` getPricing prices the TLD's minimum term (2 years for .ai): the whole term
    let p: { purchasePrice?: number | null; renewalPrice?: number | null; premium?: boolean };
    try {
      p = await request("GET", `${domainPath(`${PRICE_PROBE}.${tld}`)}:getPricing`);
    } catch (err) {
      if (err instanceof RegistrarError && notSold(err.options.status)) {
        return refuse(`Name.com does not sell .${tld}`);
      }
      throw err;
    }
    const registration = toCents(p.purchasePrice);
    if (registration === null || p.premium) {
      return {
        rules: { ...base, sellable: false, reason: `Name.com is not taking .${tld} registrations right now` },
        price: null,
        years,
        contactChoices,
      };
    }
    // renewalPrice is the total for the same term; the cart shows one year's renewal
    const renewalTerm = toCents(p.renewalPrice);
    return {
      rules: base,
      price: {
        tld,
        registrationCents: registration,
        renewalCents: renewalTerm === null ? registration : Math.round(renewalTerm / minYears),
        currency: "USD",
      },
      years,
      contactChoices,
    };
  }

  async function tldInfo(tld: string): Promise<TldInfo> {
    const key = `${apiUrl}|${config.username}|${tld}`;
    const hit = tldCache.get(key);
    if (hit && Date.now() - hit.at < NAMECOM_TLD_CACHE_MS) return hit.value;
    const value = await fetchTldInfo(tld);
    tldCache.set(key, { at: Date.now(), value });
    return value;
  }
  async function tldInfos(tlds: string[]): Promise<TldInfo[]> {
    const out: TldInfo[] = [];
    for (const group of chunk(
      tlds.map((t) => t.toLowerCase().replace(/^\./, "")),
      5,
    ))
      out.push(...(await Promise.all(group.map(tldInfo))));
    return out;
  }

  const registrar: Registrar = {
    id: "namecom",
    capabilities: { setNameservers: true, createsDnsZone: false, maxDomainsPerAccount: null },
    maxCheckBatch: MAX_CHECK,

    /**
     * `registrationCents` is Name.com's quote for the TLD's minimum term (two years for .ai), the
     * same amount priceList gives; `renewalCents` one year's renewal.
     */
    async check(names) {
      const out: Availability[] = [];
      for (const group of chunk(
        names.map((n) => n.toLowerCase()),
        MAX_CHECK,
      )) {
        type Result = {
          domainName: string;
          purchasable?: boolean;
          premium?: boolean;
          purchasePrice?: number;
          purchaseType?: string;
          renewalPrice?: number;
          reason?: string;
        };
        let results: Result[];
        try {
          results =
            (
              await request<{ results?: Result[] }>("POST", "/core/v1/domains:checkAvailability", {
                domainNames: group,
                purchaseType: "registration",
              })
            )?.results ?? [];
        } catch (err) {
          // 422 when every name of the call has a TLD Name.com does not sell
          if (!(err instanceof RegistrarError && err.options.status === 422)) throw err;
          results = group.map((domainName) => ({
            domainName,
            purchasable: false,
            reason: "TLD not supported",
          }));
        }
        // "the order should not be relied upon": match by name
        const byName = new Map(results.map((r) => [r.domainName.toLowerCase(), r]));
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
      const name = req.name.toLowerCase();
      const fail = (code: RegistrarErrorCode, message: string) =>
        new RegistrarError(code, message, { registrar: "namecom" });
      // everything that can be known wrong is refused here, before the paid call
      const phone = namecomPhone(req.contact.phone);
      const contact = contactFor(req.contact, phone);
      const missing = (
        ["firstName", "lastName", "address1", "city", "state", "zip", "country", "email"] as const
      )
        .filter((k) => !contact[k])
        .map((k) => (k === "zip" ? "postal code" : k));
      if (missing.length > 0) {
        throw fail("rejected", `Name.com needs the registrant's ${missing.join(", ")}`);
      }
      const tld = tldOf(name);
      const { rules, years, contactChoices } = await tldInfo(tld);
      if (!rules.sellable) throw fail("unsupported_tld", rules.reason ?? `Name.com does not sell .${tld}`);
      // the registry's own list of terms; it may skip some (.ai: 2, 4, 6, 8, 10)
      const termOk = years.length > 0 ? years.includes(req.years) : req.years >= 1 && req.years <= 10;
      if (!Number.isInteger(req.years) || !termOk) {
        const sorted = [...years].sort((a, b) => a - b);
        const contiguous = sorted.every((y, i) => i === 0 || y === (sorted[i - 1] ?? 0) + 1);
        const terms =
          sorted.length === 0 || contiguous
            ? `${rules.minYears} to ${rules.maxYears}`
            : `${sorted.slice(0, -1).join(", ")} or ${sorted.at(-1)}`;
        throw fail("rejected", `.${tld} registers for ${terms} years at Name.com, not ${req.years}`);
      }
      const given = req.contactExtensions ?? {};
      const tldRequirements: Record<string, string> = {};
      const absent: string[] = [];
      for (const field of rules.extensionFields) {
        const value = given[field.key]?.trim();
        // a notice is read and accepted in the cart; Name.com takes no value for it
        if (field.key.startsWith(NAMECOM_NOTICE_PREFIX)) {
          if (value !== "read") absent.push(field.label);
          continue;
        }
        if (!value) {
          if (field.required) absent.push(field.label);
          continue;
        }
        if (field.options && !field.options.some((o) => o.value === value)) {
          throw fail("rejected", `.${tld}: "${value}" is not one of the choices for ${field.label}`);
        }
        tldRequirements[field.key] = value;
      }
      if (absent.length > 0) throw fail("rejected", `.${tld} needs: ${absent.join(", ")}`);

      const contacts = Object.fromEntries(rules.contactRoles.map((role) => [CONTACT_KEYS[role], contact]));
      for (const key of Object.keys(contacts)) {
        for (const [field, values] of contactChoices.get(key) ?? []) {
          const value = (contact as Record<string, string | undefined>)[field];
          if (value !== undefined && !values.includes(value)) {
            throw fail(
              "rejected",
              `.${tld} does not take a ${key} contact with ${field} ${value} (allowed: ${values.join(", ")})`,
            );
          }
        }
      }
      const { json, replay } = await call<{ domain: NamecomDomain }>(
        "POST",
        "/core/v1/domains",
        {
          domain: {
            domainName: name,
            privacyEnabled: req.privacy,
            autorenewEnabled: req.autoRenew ?? true,
            contacts,
            ...(req.nameservers && req.nameservers.length > 0
              ? { nameservers: req.nameservers.map((n) => n.toLowerCase().replace(/\.$/, "")) }
              : {}),
          },
          years: req.years,
          ...(Object.keys(tldRequirements).length > 0 ? { tldRequirements } : {}),
        },
        { "X-Idempotency-Key": req.idempotencyKey },
      );
      // Name.com answers a reused key with the first request's result, whatever the new body says
      // (docs: "Subsequent requests with the same key will return the original result"): a key
      // reused for another name must not be read as this name bought
      const got = json?.domain?.domainName?.toLowerCase();
      if (got !== name) {
        throw fail(
          "rejected",
          `Name.com answered idempotency key ${req.idempotencyKey} with ${replay ? "an earlier" : "a"} registration of ${got ?? "nothing"}, not ${name}`,
        );
      }
      return { state: "succeeded", domain: toDomain(json.domain) };
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
        const d = await request<NamecomDomain>("GET", domainPath(name));
        // GetDomain answers only the account's own domains (404 otherwise)
        return d?.domainName?.toLowerCase() === name.toLowerCase() ? toDomain(d) : null;
      } catch (err) {
        if (err instanceof RegistrarError && err.options.status === 404) return null;
        throw err;
      }
    },

    async findRegistration(name) {
      // synchronous registrations: one that went through (even when its answer was lost) is a
      // domain of the account; one that did not left nothing behind to wait for
      const domain = await registrar.getDomain(name);
      return domain ? { state: "succeeded", domain } : null;
    },

    async setAutoRenew(name, on) {
      // UpdateDomain; the older `:enableAutorenew`/`:disableAutorenew` actions do the same
      await request("PATCH", domainPath(name), { autorenewEnabled: on });
    },

    async countDomains() {
      const res = await request<{ totalCount?: number; domains?: unknown[] }>(
        "GET",
        "/core/v1/domains?perPage=1&includeRenewalPrice=false",
      );
      return res?.totalCount ?? res?.domains?.length ?? 0;
    },

    async tldRules(tlds) {
      return (await tldInfos(tlds)).map((i) => i.rules);
    },

    async setNameservers(name, nameservers) {
      await request("POST", `${domainPath(name)}:setNameservers`, {
        nameservers: nameservers.map((n) => n.toLowerCase().replace(/\.$/, "")),
      });
    },

    /**
     * Prices of each TLD's MINIMUM term (getPricing without `years`): `registrationCents` is the
     * whole first term (two years for .ai), the amount a cart line's `priceCents` carries for
     * `years = minYears`; `renewalCents` is one year's renewal. TLDs Name.com does not sell, or
     * sells only with details this shop cannot collect, are left out (tldRules says why).
     */
    async priceList(tlds = DEFAULT_TLDS): Promise<TldPrice[]> {
      return (await tldInfos(tlds)).flatMap((i) => (i.rules.sellable && i.price ? [i.price] : []));
    },

    async verifyCredentials() {
      await request("GET", "/core/v1/domains?perPage=1&includeRenewalPrice=false");
    },
  };
  return registrar;
}
