/**
 * A local RDAP service: an IANA-format bootstrap file (`/dns.json`, RFC 9224) that sends the TLDs
 * it lists to this server, and `GET /rdap/domain/{name}` answering in RFC 9083 format
 * (`application/rdap+json`): 200 with events for names in `domains`, 404 otherwise, 429 with
 * Retry-After after `rateLimitNext()`, 503 after `failNext()`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export type FakeRdap = {
  /** pass as RDAP_BOOTSTRAP_URL */
  bootstrapUrl: string;
  /** the RDAP base URL the bootstrap file points at (ends with a slash) */
  rdapBaseUrl: string;
  /** registered names and their registration date */
  domains: Map<string, { createdAt: Date; status?: string[] }>;
  /** TLDs listed in the bootstrap file */
  tlds: string[];
  /** how many times the bootstrap file was fetched */
  bootstrapCalls: number;
  /** the names looked up, in order */
  lookups: string[];
  rateLimitNext(count?: number, retryAfterSeconds?: number): void;
  /** the next `count` domain lookups answer 503 (a registry's RDAP service down) */
  failNext(count?: number): void;
  /** every domain lookup waits this long before answering (for benchmarks); 0 by default */
  responseDelayMs: number;
  close(): Promise<void>;
};

const DEFAULT_TLDS = ["com", "net", "org", "io", "co", "ai", "app", "dev", "xyz", "email", "info", "biz"];

export async function startFakeRdap(opts: { tlds?: string[] } = {}): Promise<FakeRdap> {
  let rateLimited = 0;
  let failing = 0;
  let retryAfter = 1;
  const fake: FakeRdap = {
    bootstrapUrl: "",
    rdapBaseUrl: "",
    domains: new Map(),
    tlds: opts.tlds ?? DEFAULT_TLDS,
    bootstrapCalls: 0,
    lookups: [],
    rateLimitNext: (count = 1, seconds = 1) => {
      rateLimited += count;
      retryAfter = seconds;
    },
    failNext: (count = 1) => {
      failing += count;
    },
    responseDelayMs: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const rdapJson = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    res.writeHead(status, { "content-type": "application/rdap+json", ...headers }).end(JSON.stringify(body));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/dns.json") {
      fake.bootstrapCalls++;
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          description: "RDAP bootstrap file for Domain Name System registrations",
          publication: new Date().toISOString(),
          services: [[fake.tlds, [fake.rdapBaseUrl]]],
          version: "1.0",
        }),
      );
      return;
    }
    const m = url.pathname.match(/^\/rdap\/domain\/([^/]+)$/);
    if (!m || req.method !== "GET") {
      return rdapJson(res, 400, { rdapConformance: ["rdap_level_0"], errorCode: 400, title: "Bad Request" });
    }
    const name = decodeURIComponent(m[1] ?? "").toLowerCase();
    fake.lookups.push(name);
    if (fake.responseDelayMs > 0) await sleep(fake.responseDelayMs);
    if (rateLimited > 0) {
      rateLimited--;
      return rdapJson(
        res,
        429,
        { rdapConformance: ["rdap_level_0"], errorCode: 429, title: "Too Many Requests" },
        { "retry-after": String(retryAfter) },
      );
    }
    if (failing > 0) {
      failing--;
      return rdapJson(res, 503, {
        rdapConformance: ["rdap_level_0"],
        errorCode: 503,
        title: "Service Unavailable",
      });
    }
    const d = fake.domains.get(name);
    if (!d) {
      return rdapJson(res, 404, {
        rdapConformance: ["rdap_level_0"],
        errorCode: 404,
        title: "Not Found",
        description: [`The domain ${name} was not found`],
      });
    }
    const expires = new Date(d.createdAt);
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    return rdapJson(res, 200, {
      rdapConformance: [
        "rdap_level_0",
        "icann_rdap_response_profile_0",
        "icann_rdap_technical_implementation_guide_0",
      ],
      objectClassName: "domain",
      handle: `${name.toUpperCase().replace(/\./g, "_")}-FAKE`,
      ldhName: name.toUpperCase(),
      status: d.status ?? ["client transfer prohibited"],
      events: [
        { eventAction: "registration", eventDate: d.createdAt.toISOString() },
        { eventAction: "expiration", eventDate: expires.toISOString() },
        { eventAction: "last update of RDAP database", eventDate: new Date().toISOString() },
      ],
      nameservers: [
        { objectClassName: "nameserver", ldhName: "NS1.EXAMPLE.NET" },
        { objectClassName: "nameserver", ldhName: "NS2.EXAMPLE.NET" },
      ],
      secureDNS: { delegationSigned: false },
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.bootstrapUrl = `${base}/dns.json`;
  fake.rdapBaseUrl = `${base}/rdap/`;
  return fake;
}
