/**
 * A local server that answers like Cloudflare's Registrar API (v4 envelope
 * `{ success, errors: [{ code, message }], messages, result }`), for the official `cloudflare` SDK
 * pointed at it with `baseURL`. Serves the production routes (`/accounts/{id}/registrar/...`) and the
 * Registrar Sandbox routes (`/accounts/{id}/registrar-sandbox/...`) from the same state.
 *
 * Routes: POST domain-check (≤ 20 names), POST registrations (201 done / 202 + workflow, honours
 * `Prefer: respond-async`), GET registrations (list), GET registrations/{name},
 * GET registrations/{name}/registration-status, GET and PUT domains/{name} (production only).
 * Auth: `Authorization: Bearer <token>`; a wrong token → 403 with code 10000, another account → 403
 * with code 9109. Rate limiting: `rateLimitNext()` → 429 with `Retry-After` and code 971.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type FakeCloudflareDomain = { name: string; createdAt: Date; expiresAt: Date; nameservers: string[] };

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
  /** TLDs the API refuses (reason extension_not_supported_via_api) */
  unsupportedTlds: Set<string>;
  /** per-TLD prices in cents; others: com 1044/1044, other TLDs distinct defaults (see defaultPrice) */
  prices: Map<string, { registration: number; renewal: number }>;
  /** names in this account ("ours") */
  registered: Map<string, FakeCloudflareDomain>;
  /** every register request's domain, in order (refused ones included) */
  registerCalls: string[];
  /** how many domain-check calls were answered (rate-limited ones excluded) */
  checkCalls: number;
  /** the names of each answered domain-check call, in order */
  checkBatches: string[][];
  /** every request: method and path (after /client/v4), in order */
  requests: { method: string; path: string }[];
  /** the next register request fails this way (once per call; calls queue) */
  failNextRegister(kind: FakeRegisterFailure): void;
  /** answer 202 + a workflow to poll (succeeds after `pollsUntilDone` status polls) */
  asyncRegistrations: boolean;
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

const CF_NAMESERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];

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
  prefix: string;
};

const money = (cents: number) => (cents / 100).toFixed(2);

export async function startFakeCloudflareRegistrar(
  opts: { accountId?: string; token?: string } = {},
): Promise<FakeCloudflareRegistrar> {
  const accountId = opts.accountId ?? "023e105f4ecef8ad9ca31a8372d0c353";
  const token = opts.token ?? `cf-test-token-${Math.random().toString(36).slice(2)}`;
  const registerFailures: FakeRegisterFailure[] = [];
  const workflows = new Map<string, Workflow>();
  let rateLimited = 0;
  let retryAfter = 1;

  const fake: FakeCloudflareRegistrar = {
    baseUrl: "",
    accountId,
    token,
    taken: new Set(),
    premium: new Map(),
    unsupportedTlds: new Set(),
    prices: new Map(),
    registered: new Map(),
    registerCalls: [],
    checkCalls: 0,
    checkBatches: [],
    requests: [],
    failNextRegister: (kind) => {
      registerFailures.push(kind);
    },
    asyncRegistrations: false,
    pollsUntilDone: 2,
    actionRequired: new Set(),
    rateLimitNext: (count = 1, seconds = 1) => {
      rateLimited += count;
      retryAfter = seconds;
    },
    responseDelayMs: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  const priceOf = (tld: string) => fake.prices.get(tld) ?? defaultPrice(tld);

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
  ) {
    send(res, status, { success: false, errors: [{ code, message }], messages: [], result: null }, headers);
  }

  function workflowBody(w: Workflow) {
    const base = `/accounts/${accountId}/${w.prefix}/registrations/${w.domain}`;
    return {
      completed: w.completed,
      created_at: w.createdAt,
      updated_at: w.updatedAt,
      state: w.state,
      links: { self: `${base}/registration-status`, resource: base },
      context: w.context,
      error: w.error,
    };
  }

  function registrationBody(d: FakeCloudflareDomain) {
    return {
      domain_name: d.name,
      created_at: d.createdAt.toISOString(),
      expires_at: d.expiresAt.toISOString(),
      auto_renew: true,
      locked: true,
      privacy_mode: "redaction",
      status: "active",
    };
  }

  function complete(w: Workflow) {
    const now = new Date();
    const years = Math.max(1, w.years);
    const expiresAt = new Date(now);
    expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + years);
    const d: FakeCloudflareDomain = {
      name: w.domain,
      createdAt: now,
      expiresAt,
      nameservers: [...CF_NAMESERVERS],
    };
    fake.registered.set(w.domain, d);
    w.state = "succeeded";
    w.completed = true;
    w.updatedAt = now.toISOString();
    w.context = { registration: registrationBody(d) };
  }

  function failWorkflow(w: Workflow, code: string, message: string) {
    w.state = "failed";
    w.completed = true;
    w.error = { code, message };
    w.updatedAt = new Date().toISOString();
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

    if (rateLimited > 0) {
      rateLimited--;
      return fail(res, 429, 971, "Please wait and consider throttling your request speed", {
        "retry-after": String(retryAfter),
      });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      return fail(res, 403, 10000, "Authentication error");
    }
    const m = path.match(/^\/accounts\/([^/]+)\/(registrar|registrar-sandbox)\/(.*)$/);
    if (!m)
      return fail(res, 404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
    const account = m[1] ?? "";
    const prefix = m[2] ?? "registrar";
    const rest = m[3] ?? "";
    if (account !== accountId) return fail(res, 403, 9109, "Unauthorized to access requested resource");

    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(res, 400, 6007, "Malformed JSON in request body");
      }
    }

    // --- domain-check ---
    if (method === "POST" && rest === "domain-check") {
      const domains = body.domains;
      if (!Array.isArray(domains) || domains.length === 0 || domains.some((d) => typeof d !== "string")) {
        return fail(res, 400, 1004, "domains: must be a non-empty array of domain names");
      }
      if (domains.length > 20) return fail(res, 400, 1004, "domains: at most 20 domains per request");
      fake.checkCalls++;
      fake.checkBatches.push([...domains]);
      const results = (domains as string[]).map((raw) => {
        const name = raw.toLowerCase();
        const tld = name.slice(name.indexOf(".") + 1);
        if (!name.includes(".") || tld === name) {
          return { name, registrable: false, reason: "extension_not_supported" };
        }
        if (fake.unsupportedTlds.has(tld)) {
          return { name, registrable: false, reason: "extension_not_supported_via_api" };
        }
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
      return ok(res, { domains: results });
    }

    // --- registrations ---
    if (method === "POST" && rest === "registrations") {
      const domain = typeof body.domain_name === "string" ? body.domain_name.toLowerCase() : "";
      if (!domain.includes(".")) return fail(res, 400, 1004, "domain_name: a domain name is required");
      fake.registerCalls.push(domain);
      const failure = registerFailures.shift();
      if (failure === "rate_limited") {
        return fail(res, 429, 971, "Please wait and consider throttling your request speed", {
          "retry-after": String(retryAfter),
        });
      }
      if (failure === "transient") return fail(res, 500, 1000, "Internal server error");
      if (prefix === "registrar-sandbox" && !body.contacts) {
        return fail(res, 400, 1004, "contacts: full contact data is required in the Registrar Sandbox");
      }
      const tld = domain.slice(domain.indexOf(".") + 1);
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
        years: typeof body.years === "number" ? body.years : 1,
        prefix,
      };
      if (fake.unsupportedTlds.has(tld)) {
        return fail(
          res,
          400,
          1004,
          `extension_not_supported_via_api: .${tld} cannot be registered via the API`,
        );
      }
      if (fake.premium.has(domain)) {
        return fail(res, 400, 1004, "domain_premium: premium registration is not supported by this API");
      }
      if (fake.registered.has(domain)) {
        // already in this account: the workflow answers the existing registration
        const existing = workflows.get(domain);
        if (existing) return ok(res, workflowBody(existing), existing.completed ? 200 : 202);
        return fail(res, 409, 1004, `domain_unavailable: ${domain} is already registered`);
      }
      workflows.set(domain, w);
      if (failure === "taken" || fake.taken.has(domain)) {
        failWorkflow(w, "domain_unavailable", `${domain} is not available for registration`);
        return ok(res, workflowBody(w), 201);
      }
      if (failure === "insufficient_funds") {
        failWorkflow(
          w,
          "billing_payment_failed",
          "The default payment method was declined: insufficient funds",
        );
        return ok(res, workflowBody(w), 201);
      }
      if (fake.actionRequired.has(domain)) {
        w.state = "action_required";
        w.context = { action: "verify_registrant_email" };
        return ok(res, workflowBody(w), 202);
      }
      const respondAsync = String(req.headers.prefer ?? "").includes("respond-async");
      if (fake.asyncRegistrations || respondAsync) {
        w.state = "pending";
        const headers: Record<string, string> = respondAsync ? { "preference-applied": "respond-async" } : {};
        return ok(res, workflowBody(w), 202, headers);
      }
      complete(w);
      return ok(res, workflowBody(w), 201);
    }
    if (method === "GET" && rest === "registrations") {
      const list = [...fake.registered.values()].map(registrationBody);
      return send(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: list,
        result_info: { count: list.length, cursor: "" },
      });
    }
    const status = rest.match(/^registrations\/([^/]+)\/registration-status$/);
    if (method === "GET" && status) {
      const w = workflows.get(decodeURIComponent(status[1] ?? "").toLowerCase());
      if (!w) return fail(res, 404, 10006, "Registration workflow not found");
      if (!w.completed && w.state !== "action_required") {
        w.polls++;
        if (w.polls >= fake.pollsUntilDone) complete(w);
        else {
          w.state = "in_progress";
          w.updatedAt = new Date().toISOString();
        }
      }
      return ok(res, workflowBody(w));
    }
    const reg = rest.match(/^registrations\/([^/]+)$/);
    if (method === "GET" && reg) {
      const d = fake.registered.get(decodeURIComponent(reg[1] ?? "").toLowerCase());
      if (!d) return fail(res, 404, 10006, "Registration not found");
      return ok(res, registrationBody(d));
    }

    // --- domains (production only) ---
    const dom = rest.match(/^domains\/([^/]+)$/);
    if (dom && prefix === "registrar") {
      const name = decodeURIComponent(dom[1] ?? "").toLowerCase();
      const d = fake.registered.get(name);
      if (!d) return fail(res, 404, 10006, "Domain not found");
      if (method === "GET") {
        return ok(res, {
          id: name,
          available: false,
          can_register: false,
          created_at: d.createdAt.toISOString(),
          expires_at: d.expiresAt.toISOString(),
          current_registrar: "Cloudflare",
          locked: true,
          registry_statuses: "clientTransferProhibited",
          supported_tld: true,
          name_servers: d.nameservers,
        });
      }
      if (method === "PUT") {
        const ns = body.name_servers;
        if (ns !== undefined) {
          if (
            !Array.isArray(ns) ||
            ns.length < 2 ||
            ns.some((n) => typeof n !== "string" || !n.includes("."))
          ) {
            return fail(res, 400, 1004, "name_servers: at least two host names are required");
          }
          d.nameservers = ns.map((n: string) => n.toLowerCase());
        }
        return ok(res, null);
      }
    }
    return fail(res, 404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);
  });

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  return fake;
}
