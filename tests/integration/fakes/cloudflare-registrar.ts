/**
 * A local server that answers like Cloudflare's Registrar API (v4 envelope
 * `{ success, errors: [{ code, message, source? }], messages, result }`), for the official
 * `cloudflare` SDK pointed at it with `baseURL`, and as strict as the real one: every request is
 * checked against the SDK's request types (cloudflare 7.3.0) and each TLD's registration schema, and
 * a wrong one is refused with Cloudflare's error envelope, so a test passes only when the product's
 * requests are right. Production routes (`/accounts/{id}/registrar/...`) and Registrar Sandbox routes
 * (`/accounts/{id}/registrar-sandbox/...`) share one state; the sandbox creates no DNS zone.
 *
 * Routes: POST domain-check (body `domains` only, 1–20 names); GET extensions (list, cursor pages)
 * and GET extensions/{name} (ETag, `If-None-Match` → 304); POST registrations (the body validated
 * against the TLD's schema; `Prefer: respond-async` → 202 at once with `Preference-Applied`, else
 * 201 done, or 202 when `asyncRegistrations`); GET registrations (cursor pages: `cursor`,
 * `per_page`, `direction`, `sort_by`); GET / PATCH registrations/{name} (PATCH takes `auto_renew`
 * only); GET registrations/{name}/registration-status. The ended `/registrar/domains` routes answer
 * 410 Gone and are recorded in `deprecatedCalls`.
 * Refusals: bad or missing token → 403 code 10000; another account → 403 code 9109; a body that
 * breaks the schema → 400 code 1004 with `source.pointer`; the account cap (100 registrations) → 403
 * code 1010 (see accountLimitReached). Rate limiting: `rateLimitNext()` → 429 with Retry-After,
 * code 971.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { FakeCloudflareDns } from "./cloudflare-dns";
import { defaultExtensionSchemas, registrationSchema, schemaError } from "./cloudflare-extensions";

export type FakeCloudflareDomain = {
  name: string;
  createdAt: Date;
  expiresAt: Date;
  nameservers: string[];
  autoRenew: boolean;
  privacyMode: "off" | "redaction";
};

export type FakeRegisterFailure = "transient" | "taken" | "rate_limited" | "insufficient_funds";

export type FakeCloudflareRegistrar = {
  /** e.g. http://127.0.0.1:PORT/client/v4 — pass as CLOUDFLARE_BASE_URL */
  baseUrl: string;
  accountId: string;
  token: string;
  /** names registered by others */
  taken: Set<string>;
  /** premium names and their registration price in cents */
  premium: Map<string, number>;
  /** TLDs the API refuses (reason extension_not_supported_via_api; no extension schema) */
  unsupportedTlds: Set<string>;
  /** per-TLD prices in cents; others: com 1044/1044, other TLDs distinct defaults (see defaultPrice) */
  prices: Map<string, { registration: number; renewal: number }>;
  /**
   * extension name → registration_schema (com, net, io, ai, us, ca, uk, co.uk); any other TLD not
   * in `unsupportedTlds` gets a plain schema (1–10 years, all roles, no contact extensions)
   */
  extensions: Map<string, Record<string, unknown>>;
  /** names in this account ("ours") */
  registered: Map<string, FakeCloudflareDomain>;
  /** every register request's domain, in order (refused ones included) */
  registerCalls: string[];
  /** every register request: the domain, its JSON body and its Prefer header */
  registerRequests: { domain: string; body: Record<string, unknown>; prefer: string | null }[];
  /** how many domain-check calls were answered (rate-limited ones excluded) */
  checkCalls: number;
  /** the names of each answered domain-check call, in order */
  checkBatches: string[][];
  /** every request: method and path (after /client/v4), in order */
  requests: { method: string; path: string }[];
  /** the status of each GET extensions/{name} answer (200, or 304 for a matching If-None-Match) */
  extensionAnswers: number[];
  /** calls to the ended `/registrar/domains` routes (each answered 410 Gone) */
  deprecatedCalls: { method: string; path: string }[];
  /** every request refused as malformed (4xx other than auth, 404, 410, 429), with its message */
  refusals: { method: string; path: string; status: number; message: string }[];
  /** zones created by completed production registrations, in order (the sandbox creates none) */
  zonesCreated: string[];
  /** registrations one account may hold (Cloudflare's documented cap: 100) */
  maxRegistrations: number;
  /** the next register request fails this way (once per call; calls queue) */
  failNextRegister(kind: FakeRegisterFailure): void;
  /**
   * the next register request is carried out (the domain is bought) but its answer never reaches
   * the client: the connection is cut, as a timeout would
   */
  dropNextRegisterAnswer(): void;
  /** answer 202 + a workflow to poll even without `Prefer: respond-async` */
  asyncRegistrations: boolean;
  /** status polls until a 202 workflow succeeds (default 1) */
  pollsUntilDone: number;
  /** registrations of these names stop in `action_required` (e.g. registrant email verification) */
  actionRequired: Set<string>;
  /** the next `count` requests (any route) get 429 with Retry-After: retryAfterSeconds */
  rateLimitNext(count?: number, retryAfterSeconds?: number): void;
  /** every answer waits this long first (a real API's latency, for benchmarks); 0 by default */
  responseDelayMs: number;
  close(): Promise<void>;
};

/** The fake's price for a TLD when `prices` has none: com 10.44, others distinct and stable. */
export function defaultPrice(tld: string): { registration: number; renewal: number } {
  if (tld === "com") return { registration: 1044, renewal: 1044 };
  let h = 0;
  for (const c of tld) h = (h * 31 + c.charCodeAt(0)) % 997;
  const registration = 800 + h * 7;
  return { registration, renewal: registration + 150 };
}

/** Cloudflare's own list of extensions it sells only in the dashboard (SDK 7.3.0 docs) */
const API_REFUSED = new Set(["giving", "mom", "inc", "lol", "sh", "link", "cc", "new"]);
const CF_NAMESERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
const PAGE_SIZE = 20;

type Workflow = {
  domain: string;
  state: "pending" | "in_progress" | "action_required" | "blocked" | "succeeded" | "failed";
  completed: boolean;
  createdAt: string;
  updatedAt: string;
  polls: number;
  error: { code: string; message: string } | null;
  context: Record<string, unknown>;
  years: number;
  autoRenew: boolean;
  privacyMode: "off" | "redaction";
  prefix: string;
};

type Refusal = { status: number; code: number; message: string; pointer?: string };

const money = (cents: number) => (cents / 100).toFixed(2);

export async function startFakeCloudflareRegistrar(
  opts: { accountId?: string; token?: string; dns?: FakeCloudflareDns } = {},
): Promise<FakeCloudflareRegistrar> {
  const accountId = opts.accountId ?? "023e105f4ecef8ad9ca31a8372d0c353";
  const token = opts.token ?? `cf-test-token-${Math.random().toString(36).slice(2)}`;
  const registerFailures: FakeRegisterFailure[] = [];
  const workflows = new Map<string, Workflow>();
  let rateLimited = 0;
  let retryAfter = 1;
  let dropAnswers = 0;

  const fake: FakeCloudflareRegistrar = {
    baseUrl: "",
    accountId,
    token,
    taken: new Set(),
    premium: new Map(),
    unsupportedTlds: new Set(),
    prices: new Map(),
    extensions: defaultExtensionSchemas(),
    registered: new Map(),
    registerCalls: [],
    registerRequests: [],
    checkCalls: 0,
    checkBatches: [],
    requests: [],
    extensionAnswers: [],
    deprecatedCalls: [],
    refusals: [],
    zonesCreated: [],
    maxRegistrations: 100,
    failNextRegister: (kind) => {
      registerFailures.push(kind);
    },
    dropNextRegisterAnswer: () => {
      dropAnswers++;
    },
    asyncRegistrations: false,
    pollsUntilDone: 1,
    actionRequired: new Set(),
    rateLimitNext: (count = 1, seconds = 1) => {
      rateLimited += count;
      retryAfter = seconds;
    },
    responseDelayMs: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  const priceOf = (tld: string) => fake.prices.get(tld) ?? defaultPrice(tld);
  const tldOf = (name: string) => name.slice(name.indexOf(".") + 1);
  const refused = (tld: string) => API_REFUSED.has(tld) || fake.unsupportedTlds.has(tld);
  /** the TLD's registration schema, null when Cloudflare does not sell it through the API */
  const schemaOf = (tld: string) =>
    !tld || refused(tld) ? null : (fake.extensions.get(tld) ?? registrationSchema({}));

  function send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }
  function ok(res: http.ServerResponse, result: unknown, status = 200, headers: Record<string, string> = {}) {
    send(res, status, { success: true, errors: [], messages: [], result }, headers);
  }
  function fail(
    res: http.ServerResponse,
    status: number,
    code: number,
    message: string,
    headers: Record<string, string> = {},
    pointer?: string,
  ) {
    const error = pointer ? { code, message, source: { pointer } } : { code, message };
    send(res, status, { success: false, errors: [error], messages: [], result: null }, headers);
  }

  function workflowBody(w: Workflow) {
    const base = `/accounts/${accountId}/${w.prefix}/registrations/${w.domain}`;
    return {
      completed: w.completed,
      created_at: w.createdAt,
      updated_at: w.updatedAt,
      state: w.state,
      links: { self: `${base}/registration-status`, resource: base },
      context: { domain_name: w.domain, ...w.context },
      error: w.error,
    };
  }

  function registrationBody(d: FakeCloudflareDomain) {
    return {
      domain_name: d.name,
      created_at: d.createdAt.toISOString(),
      expires_at: d.expiresAt.toISOString(),
      auto_renew: d.autoRenew,
      locked: true,
      privacy_mode: d.privacyMode,
      status: "active",
    };
  }

  /** a registration still in its workflow, as the registrations API shows it */
  function pendingBody(w: Workflow) {
    return {
      domain_name: w.domain,
      created_at: w.createdAt,
      expires_at: null,
      auto_renew: w.autoRenew,
      locked: true,
      privacy_mode: w.privacyMode,
      status: "registration_pending",
    };
  }

  /** the account's registrations: held ones, then those still in a workflow */
  function allRegistrations() {
    const pending = [...workflows.values()].filter(
      (w) => !w.completed && w.state !== "failed" && !fake.registered.has(w.domain),
    );
    return [...[...fake.registered.values()].map(registrationBody), ...pending.map(pendingBody)];
  }

  function complete(w: Workflow) {
    const now = new Date();
    const expiresAt = new Date(now);
    expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + w.years);
    const d: FakeCloudflareDomain = {
      name: w.domain,
      createdAt: now,
      expiresAt,
      nameservers: [...CF_NAMESERVERS],
      autoRenew: w.autoRenew,
      privacyMode: w.privacyMode,
    };
    fake.registered.set(w.domain, d);
    w.state = "succeeded";
    w.completed = true;
    w.updatedAt = now.toISOString();
    w.context = { registration: registrationBody(d) };
    // a production registration comes with a Cloudflare zone; the sandbox makes none
    if (w.prefix === "registrar") {
      fake.zonesCreated.push(w.domain);
      if (opts.dns && ![...opts.dns.zones.values()].some((z) => z.name === w.domain))
        opts.dns.addZone(w.domain);
    }
  }

  function failWorkflow(w: Workflow, code: string, message: string) {
    w.state = "failed";
    w.completed = true;
    w.error = { code, message };
    w.updatedAt = new Date().toISOString();
  }

  /** a body field the SDK's request type for this route does not have */
  function unknownField(body: Record<string, unknown>, allowed: string[]): Refusal | null {
    const extra = Object.keys(body).find((k) => !allowed.includes(k));
    return extra
      ? { status: 400, code: 1004, message: `${extra}: unknown field`, pointer: `/${extra}` }
      : null;
  }
  function unknownQuery(url: URL, allowed: string[]): Refusal | null {
    const extra = [...url.searchParams.keys()].find((k) => !allowed.includes(k));
    return extra ? { status: 400, code: 1004, message: `${extra}: unknown query parameter` } : null;
  }

  /**
   * The account cap. Cloudflare documents the cap as a prerequisite of POST /registrations ("the
   * account must not already be at the maximum supported domain limit"), next to the billing
   * profile, and says prerequisite failures are immediate non-2xx answers whose errors[].code differs
   * from a workflow's error codes; it does not publish the code or message, so this fake answers
   * 403 with the envelope, code 1010 and a message naming the limit (the shape the other
   * account-level refusals, e.g. 9109, take).
   */
  function accountLimitReached(): Refusal | null {
    if (allRegistrations().length < fake.maxRegistrations) return null;
    return {
      status: 403,
      code: 1010,
      message: `account_domain_limit_reached: this account already holds the maximum of ${fake.maxRegistrations} domains`,
    };
  }

  function page<T>(items: T[], url: URL): { result: T[]; result_info: Record<string, unknown> } {
    const perPage = Math.min(
      Math.max(Number(url.searchParams.get("per_page") ?? PAGE_SIZE) || PAGE_SIZE, 1),
      50,
    );
    const from =
      Number(
        url.searchParams.get("cursor")
          ? Buffer.from(url.searchParams.get("cursor") ?? "", "base64url").toString()
          : 0,
      ) || 0;
    const result = items.slice(from, from + perPage);
    const next =
      from + perPage < items.length ? Buffer.from(String(from + perPage)).toString("base64url") : "";
    return { result, result_info: { count: result.length, per_page: perPage, cursor: next } };
  }

  function extensionBody(name: string, schema: Record<string, unknown>) {
    return {
      metadata: { name, tld: name.split(".").at(-1) ?? name },
      registration_schema: schema,
      transfer_schema: { type: "object", required: ["domain_name", "auth_code"] },
    };
  }

  async function route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    raw: string,
    url: URL,
    path: string,
    method: string,
  ): Promise<Refusal | null> {
    if (rateLimited > 0) {
      rateLimited--;
      fail(res, 429, 971, "Please wait and consider throttling your request speed", {
        "retry-after": String(retryAfter),
      });
      return null;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      fail(res, 403, 10000, "Authentication error");
      return null;
    }
    const m = path.match(/^\/accounts\/([^/]+)\/(registrar|registrar-sandbox)\/(.*)$/);
    if (!m) {
      fail(res, 404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
      return null;
    }
    const account = m[1] ?? "";
    const prefix = m[2] ?? "registrar";
    const rest = m[3] ?? "";
    if (account !== accountId) {
      fail(res, 403, 9109, "Unauthorized to access requested resource");
      return null;
    }

    // --- ended routes: registrar.domains.get/list/update (end of life September 2026) ---
    if (prefix === "registrar" && /^domains(\/|$)/.test(rest)) {
      fake.deprecatedCalls.push({ method, path });
      fail(
        res,
        410,
        1001,
        "This endpoint reached its end of life in September 2026. Use /registrar/registrations instead.",
      );
      return null;
    }

    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        const parsed = JSON.parse(raw);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
          return { status: 400, code: 1004, message: "The request body must be a JSON object" };
        }
        body = parsed;
      } catch {
        return { status: 400, code: 6007, message: "Malformed JSON in request body" };
      }
    }

    // --- domain-check ---
    if (method === "POST" && rest === "domain-check") {
      const bad = unknownField(body, ["domains"]) ?? unknownQuery(url, []);
      if (bad) return bad;
      const domains = body.domains;
      if (!Array.isArray(domains) || domains.length === 0 || domains.some((d) => typeof d !== "string")) {
        return {
          status: 400,
          code: 1004,
          message: "domains: must be a non-empty array of domain names",
          pointer: "/domains",
        };
      }
      if (domains.length > 20)
        return {
          status: 400,
          code: 1004,
          message: "domains: at most 20 domains per request",
          pointer: "/domains",
        };
      fake.checkCalls++;
      fake.checkBatches.push([...domains]);
      const results = (domains as string[]).map((raw) => {
        const name = raw.toLowerCase();
        const tld = tldOf(name);
        if (!name.includes(".") || tld === name) {
          return { name, registrable: false, reason: "extension_not_supported" };
        }
        if (refused(tld)) return { name, registrable: false, reason: "extension_not_supported_via_api" };
        if (fake.taken.has(name) || fake.registered.has(name)) {
          return { name, registrable: false, reason: "domain_unavailable", tier: "standard" };
        }
        const premium = fake.premium.get(name);
        if (premium !== undefined) {
          return {
            name,
            registrable: false,
            reason: "domain_premium",
            tier: "premium",
            pricing: { currency: "USD", registration_cost: money(premium), renewal_cost: money(premium) },
          };
        }
        const p = priceOf(tld);
        return {
          name,
          registrable: true,
          tier: "standard",
          pricing: {
            currency: "USD",
            registration_cost: money(p.registration),
            renewal_cost: money(p.renewal),
          },
        };
      });
      ok(res, { domains: results });
      return null;
    }

    // --- extensions ---
    if (method === "GET" && rest === "extensions") {
      const bad = unknownQuery(url, ["cursor", "per_page", "direction", "sort_by", "name"]);
      if (bad) return bad;
      const filter = url.searchParams.get("name");
      const all = [...fake.extensions.entries()]
        .filter(([name]) => !refused(name) && (!filter || name === filter))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, schema]) => extensionBody(name, schema));
      send(res, 200, { success: true, errors: [], messages: [], ...page(all, url) });
      return null;
    }
    const ext = rest.match(/^extensions\/([^/]+)$/);
    if (method === "GET" && ext) {
      const name = decodeURIComponent(ext[1] ?? "").toLowerCase();
      const schema = schemaOf(name);
      if (!schema) {
        fail(res, 404, 10006, `Extension ${name} is not supported for programmatic registration`);
        return null;
      }
      const result = extensionBody(name, schema);
      const etag = `"${createHash("sha256").update(JSON.stringify(result)).digest("hex").slice(0, 16)}"`;
      if (req.headers["if-none-match"] === etag) {
        fake.extensionAnswers.push(304);
        res.writeHead(304, { etag }).end();
        return null;
      }
      fake.extensionAnswers.push(200);
      ok(res, result, 200, { etag });
      return null;
    }

    // --- registrations ---
    if (method === "POST" && rest === "registrations") {
      const bad = unknownQuery(url, []);
      if (bad) return bad;
      const domain = typeof body.domain_name === "string" ? body.domain_name.toLowerCase() : "";
      fake.registerCalls.push(domain);
      const prefer = typeof req.headers.prefer === "string" ? req.headers.prefer : null;
      fake.registerRequests.push({ domain, body, prefer });
      if (!domain.includes("."))
        return {
          status: 400,
          code: 1004,
          message: "domain_name: a domain name is required",
          pointer: "/domain_name",
        };
      const failure = registerFailures.shift();
      if (failure === "rate_limited") {
        fail(res, 429, 971, "Please wait and consider throttling your request speed", {
          "retry-after": String(retryAfter),
        });
        return null;
      }
      if (failure === "transient") {
        fail(res, 500, 1000, "Internal server error");
        return null;
      }
      const tld = tldOf(domain);
      const schema = schemaOf(tld);
      if (!schema) {
        return {
          status: 400,
          code: 1004,
          message: `extension_not_supported_via_api: .${tld} cannot be registered via the API`,
          pointer: "/domain_name",
        };
      }
      const invalid = schemaError(schema, body);
      if (invalid) return { status: 400, code: 1004, message: invalid.message, pointer: invalid.pointer };
      if (prefix === "registrar-sandbox" && !body.contacts) {
        return {
          status: 400,
          code: 1004,
          message: "contacts: full contact data is required in the Registrar Sandbox",
          pointer: "/contacts",
        };
      }
      if (fake.premium.has(domain)) {
        return {
          status: 400,
          code: 1004,
          message: "domain_premium: premium registration is not supported by this API",
        };
      }
      const existing = workflows.get(domain);
      if (fake.registered.has(domain) || (existing && !existing.completed)) {
        // Cloudflare permits one registration per domain: the name is the idempotency key
        if (existing) {
          ok(res, workflowBody(existing), existing.completed ? 200 : 202);
          return null;
        }
        return { status: 409, code: 1004, message: `domain_unavailable: ${domain} is already registered` };
      }
      const limit = accountLimitReached();
      if (limit) return limit;
      const schemaYears = (schema.properties as Record<string, Record<string, number>>).years?.minimum ?? 1;
      const now = new Date().toISOString();
      const w: Workflow = {
        domain,
        state: "in_progress",
        completed: false,
        createdAt: now,
        updatedAt: now,
        polls: 0,
        error: null,
        context: {},
        years: typeof body.years === "number" ? body.years : schemaYears,
        autoRenew: body.auto_renew === true,
        privacyMode: body.privacy_mode === "off" ? "off" : "redaction",
        prefix,
      };
      workflows.set(domain, w);
      if (failure === "taken" || fake.taken.has(domain)) {
        failWorkflow(w, "domain_unavailable", `${domain} is not available for registration`);
        ok(res, workflowBody(w), 201);
        return null;
      }
      if (failure === "insufficient_funds") {
        failWorkflow(
          w,
          "billing_payment_failed",
          "The default payment method was declined: insufficient funds",
        );
        ok(res, workflowBody(w), 201);
        return null;
      }
      if (dropAnswers > 0) {
        // the registration goes through; the answer is lost on the way
        dropAnswers--;
        complete(w);
        res.socket?.destroy();
        return null;
      }
      const respondAsync = /(^|,)\s*respond-async\s*(,|;|$)/.test(prefer ?? "");
      const asyncHeaders: Record<string, string> = respondAsync
        ? { "preference-applied": "respond-async" }
        : {};
      if (fake.actionRequired.has(domain)) {
        w.state = "action_required";
        w.context = { action: "verify_registrant_email" };
        ok(res, workflowBody(w), 202, asyncHeaders);
        return null;
      }
      if (fake.asyncRegistrations || respondAsync) {
        w.state = "pending";
        ok(res, workflowBody(w), 202, asyncHeaders);
        return null;
      }
      complete(w);
      ok(res, workflowBody(w), 201);
      return null;
    }
    if (method === "GET" && rest === "registrations") {
      const bad = unknownQuery(url, ["cursor", "per_page", "direction", "sort_by"]);
      if (bad) return bad;
      send(res, 200, { success: true, errors: [], messages: [], ...page(allRegistrations(), url) });
      return null;
    }
    const status = rest.match(/^registrations\/([^/]+)\/registration-status$/);
    if (method === "GET" && status) {
      const w = workflows.get(decodeURIComponent(status[1] ?? "").toLowerCase());
      if (!w) {
        fail(res, 404, 10006, "Registration workflow not found");
        return null;
      }
      if (!w.completed && w.state !== "action_required") {
        w.polls++;
        if (w.polls >= fake.pollsUntilDone) complete(w);
        else {
          w.state = "in_progress";
          w.updatedAt = new Date().toISOString();
        }
      }
      ok(res, workflowBody(w));
      return null;
    }
    const reg = rest.match(/^registrations\/([^/]+)$/);
    if (reg && (method === "GET" || method === "PATCH")) {
      const name = decodeURIComponent(reg[1] ?? "").toLowerCase();
      const d = fake.registered.get(name);
      const w = workflows.get(name);
      if (method === "GET") {
        if (d) ok(res, registrationBody(d));
        else if (w && !w.completed && w.state !== "failed") ok(res, pendingBody(w));
        else fail(res, 404, 10006, "Registration not found");
        return null;
      }
      const bad = unknownField(body, ["auto_renew"]);
      if (bad) return bad;
      if (body.auto_renew !== undefined && typeof body.auto_renew !== "boolean") {
        return { status: 400, code: 1004, message: "auto_renew: must be a boolean", pointer: "/auto_renew" };
      }
      if (!d) {
        fail(res, 404, 10006, "Registration not found");
        return null;
      }
      if (typeof body.auto_renew === "boolean") d.autoRenew = body.auto_renew;
      const now = new Date().toISOString();
      ok(res, {
        completed: true,
        created_at: now,
        updated_at: now,
        state: "succeeded",
        links: {
          self: `/accounts/${accountId}/${prefix}/registrations/${name}/update-status`,
          resource: `/accounts/${accountId}/${prefix}/registrations/${name}`,
        },
        context: { domain_name: name, registration: registrationBody(d) },
        error: null,
      });
      return null;
    }
    fail(res, 404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
    return null;
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/client\/v4/, "");
    const method = req.method ?? "GET";
    fake.requests.push({ method, path });
    if (fake.responseDelayMs > 0) await sleep(fake.responseDelayMs);
    const refusal = await route(req, res, raw, url, path, method);
    if (refusal) {
      fake.refusals.push({ method, path, status: refusal.status, message: refusal.message });
      fail(res, refusal.status, refusal.code, refusal.message, {}, refusal.pointer);
    }
  });

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  return fake;
}
