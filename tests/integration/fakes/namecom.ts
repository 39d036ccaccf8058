/**
 * A local server that answers like Name.com's Core API v1 (https://docs.name.com): HTTP Basic
 * `username:token`, JSON bodies, prices in dollars as numbers, errors as `{ message, details? }`.
 *
 * Routes: POST /core/v1/domains:checkAvailability (≤ 50 names), POST /core/v1/domains (with
 * X-Idempotency-Key: the same key answers the first result again), GET /core/v1/domains/{name},
 * POST /core/v1/domains/{name}:setNameservers, GET /core/v1/domains/{name}:getPricing,
 * GET /core/v1/domains (list). A wrong username or token → 401. `rateLimitNext()` → 429 with Retry-After.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeNamecomDomain = { name: string; createdAt: Date; expiresAt: Date; nameservers: string[] };
export type FakeNamecomFailure = "transient" | "taken" | "rate_limited" | "insufficient_funds";

export type FakeNamecom = {
  /** e.g. http://127.0.0.1:PORT — pass as NAMECOM_API_URL */
  apiUrl: string;
  username: string;
  token: string;
  taken: Set<string>;
  /** premium names and their price in cents */
  premium: Map<string, number>;
  unsupportedTlds: Set<string>;
  /** per-TLD prices in cents; others: defaultNamecomPrice(tld) */
  prices: Map<string, { registration: number; renewal: number }>;
  registered: Map<string, FakeNamecomDomain>;
  /** every create request's domain, in order (idempotent replays excluded) */
  registerCalls: string[];
  checkCalls: number;
  checkBatches: string[][];
  requests: { method: string; path: string }[];
  failNextRegister(kind: FakeNamecomFailure): void;
  rateLimitNext(count?: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
};

/** Name.com's price in the fake when `prices` has none: com 12.99, others distinct and stable. */
export function defaultNamecomPrice(tld: string): { registration: number; renewal: number } {
  if (tld === "com") return { registration: 1299, renewal: 1499 };
  let h = 0;
  for (const c of tld) h = (h * 17 + c.charCodeAt(0)) % 991;
  const registration = 900 + h * 5;
  return { registration, renewal: registration + 200 };
}

const dollars = (cents: number) => Math.round(cents) / 100;

export async function startFakeNamecom(
  opts: { username?: string; token?: string } = {},
): Promise<FakeNamecom> {
  const username = opts.username ?? "coldframe-test";
  const token = opts.token ?? `nc-test-token-${Math.random().toString(36).slice(2)}`;
  const failures: FakeNamecomFailure[] = [];
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let rateLimited = 0;
  let retryAfter = 1;

  const fake: FakeNamecom = {
    apiUrl: "",
    username,
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
      failures.push(kind);
    },
    rateLimitNext: (count = 1, seconds = 1) => {
      rateLimited += count;
      retryAfter = seconds;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const priceOf = (tld: string) => fake.prices.get(tld) ?? defaultNamecomPrice(tld);

  function send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  }
  const error = (res: http.ServerResponse, status: number, message: string, details?: string) =>
    send(res, status, details ? { message, details } : { message });

  function domainBody(d: FakeNamecomDomain) {
    return {
      domainName: d.name,
      createDate: d.createdAt.toISOString(),
      expireDate: d.expiresAt.toISOString(),
      autorenewEnabled: true,
      locked: true,
      privacyEnabled: true,
      nameservers: d.nameservers,
      renewalPrice: dollars(priceOf(d.name.slice(d.name.indexOf(".") + 1)).renewal),
    };
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://x");
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? "GET";
    fake.requests.push({ method, path });

    if (rateLimited > 0) {
      rateLimited--;
      return send(res, 429, { message: "Too Many Requests" }, { "retry-after": String(retryAfter) });
    }
    const expected = `Basic ${Buffer.from(`${username}:${token}`).toString("base64")}`;
    if (req.headers.authorization !== expected) {
      return error(res, 401, "Unauthenticated", "Authentication failed: check the username and API token");
    }
    if (
      (method === "POST" || method === "PUT") &&
      !String(req.headers["content-type"]).includes("application/json")
    ) {
      return error(res, 403, "Forbidden", "Content-Type must be application/json");
    }
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return error(res, 400, "Invalid Argument", "request body is not valid JSON");
      }
    }

    if (method === "GET" && path === "/core/v1/domains") {
      const perPage = Number(url.searchParams.get("perPage") ?? "1000") || 1000;
      const all = [...fake.registered.values()];
      return send(res, 200, {
        domains: all.slice(0, perPage).map(domainBody),
        totalCount: all.length,
        ...(all.length > perPage ? { nextPage: 2, lastPage: Math.ceil(all.length / perPage) } : {}),
      });
    }

    if (method === "POST" && path === "/core/v1/domains:checkAvailability") {
      const names = body.domainNames;
      if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== "string")) {
        return error(res, 400, "Invalid Argument", "domainNames: 1 to 50 domain names are required");
      }
      if (names.length > 50) return error(res, 400, "Invalid Argument", "domainNames: at most 50 elements");
      fake.checkCalls++;
      fake.checkBatches.push([...names]);
      const results = (names as string[]).map((n) => {
        const name = n.toLowerCase();
        const dot = name.indexOf(".");
        const sld = name.slice(0, dot);
        const tld = name.slice(dot + 1);
        if (dot < 1 || fake.unsupportedTlds.has(tld)) {
          return { domainName: name, sld, tld, purchasable: false, reason: "unsupported TLD" };
        }
        if (fake.taken.has(name) || fake.registered.has(name)) {
          return { domainName: name, sld, tld, purchasable: false };
        }
        const premium = fake.premium.get(name);
        if (premium !== undefined) {
          return {
            domainName: name,
            sld,
            tld,
            purchasable: true,
            premium: true,
            purchasePrice: dollars(premium),
            purchaseType: "registration",
            renewalPrice: dollars(premium),
          };
        }
        const p = priceOf(tld);
        return {
          domainName: name,
          sld,
          tld,
          purchasable: true,
          purchasePrice: dollars(p.registration),
          purchaseType: "registration",
          renewalPrice: dollars(p.renewal),
        };
      });
      return send(res, 200, { results });
    }

    if (method === "POST" && path === "/core/v1/domains") {
      const key = req.headers["x-idempotency-key"];
      if (typeof key === "string" && idempotent.has(key)) {
        const prev = idempotent.get(key);
        return send(res, prev?.status ?? 200, prev?.body);
      }
      const domain = body.domain as { domainName?: unknown } | undefined;
      const name = typeof domain?.domainName === "string" ? domain.domainName.toLowerCase() : "";
      if (!name.includes(".")) return error(res, 400, "Invalid Argument", "domain.domainName is required");
      fake.registerCalls.push(name);
      const remember = (status: number, b: unknown) => {
        if (typeof key === "string" && status < 500 && status !== 429)
          idempotent.set(key, { status, body: b });
        return send(res, status, b);
      };
      const failure = failures.shift();
      if (failure === "rate_limited") {
        return send(res, 429, { message: "Too Many Requests" }, { "retry-after": String(retryAfter) });
      }
      if (failure === "transient") return error(res, 500, "Internal Error", "upstream registry timeout");
      const tld = name.slice(name.indexOf(".") + 1);
      if (fake.unsupportedTlds.has(tld)) {
        return remember(400, { message: "Invalid Argument", details: `TLD .${tld} is not supported` });
      }
      if (failure === "taken" || fake.taken.has(name) || fake.registered.has(name)) {
        return remember(400, { message: "Domain is not available", details: `${name} is not available` });
      }
      if (failure === "insufficient_funds") {
        return remember(402, { message: "Insufficient Funds", details: "account balance is too low" });
      }
      const premium = fake.premium.get(name);
      if (premium !== undefined && body.purchasePrice !== dollars(premium)) {
        return remember(400, { message: "Purchase price does not match", details: "premium domain" });
      }
      const years = typeof body.years === "number" ? body.years : 1;
      const now = new Date();
      const expiresAt = new Date(now);
      expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + years);
      const requested = (body.domain as { nameservers?: unknown }).nameservers;
      const ns =
        Array.isArray(requested) && requested.length > 0
          ? (requested as string[])
          : ["ns1.name.com", "ns2.name.com"];
      const d = { name, createdAt: now, expiresAt, nameservers: ns };
      fake.registered.set(name, d);
      const price = premium ?? priceOf(tld).registration;
      return remember(200, {
        domain: domainBody(d),
        order: fake.registerCalls.length,
        totalPaid: dollars(price * years),
      });
    }

    const setNs = path.match(/^\/core\/v1\/domains\/([^/:]+):setNameservers$/);
    if (method === "POST" && setNs) {
      const d = fake.registered.get((setNs[1] ?? "").toLowerCase());
      if (!d) return error(res, 404, "Not Found", "domain not found in this account");
      const ns = body.nameservers;
      if (!Array.isArray(ns) || ns.some((n) => typeof n !== "string" || !n.includes("."))) {
        return error(res, 400, "Invalid Argument", "nameservers: a list of host names is required");
      }
      d.nameservers = ns.map((n: string) => n.toLowerCase());
      return send(res, 200, domainBody(d));
    }
    const pricing = path.match(/^\/core\/v1\/domains\/([^/:]+):getPricing$/);
    if (method === "GET" && pricing) {
      const name = (pricing[1] ?? "").toLowerCase();
      const tld = name.slice(name.indexOf(".") + 1);
      if (fake.unsupportedTlds.has(tld))
        return error(res, 400, "Invalid Argument", `TLD .${tld} is not supported`);
      const years = Number(url.searchParams.get("years") ?? "1") || 1;
      const premium = fake.premium.get(name);
      const p = premium !== undefined ? { registration: premium, renewal: premium } : priceOf(tld);
      return send(res, 200, {
        purchasePrice: dollars(p.registration * years),
        renewalPrice: dollars(p.renewal),
        transferPrice: dollars(p.renewal),
        premium: premium !== undefined,
      });
    }
    const get = path.match(/^\/core\/v1\/domains\/([^/:]+)$/);
    if (method === "GET" && get) {
      const d = fake.registered.get((get[1] ?? "").toLowerCase());
      if (!d) return error(res, 404, "Not Found", "domain not found in this account");
      return send(res, 200, domainBody(d));
    }
    return error(res, 404, "Not Found", `no route for ${method} ${path}`);
  });

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
