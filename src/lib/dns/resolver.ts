import { Resolver } from "node:dns/promises";

/**
 * DNS queries at chosen servers (authoritative servers, the configured public resolvers, the test
 * PowerDNS). "No such name" and "no such record" are answers (an empty list); a server that does
 * not answer, refuses or fails is a DnsQueryError, so a check can tell "missing" from "unknown".
 */
export class DnsQueryError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly server: string,
  ) {
    super(message);
    this.name = "DnsQueryError";
  }
}

export type MxAnswer = { exchange: string; priority: number };

export type DnsResolver = {
  /** TXT strings of each record, joined (a DKIM key split into 255-byte strings comes back whole) */
  txt(name: string): Promise<string[]>;
  mx(name: string): Promise<MxAnswer[]>;
  cname(name: string): Promise<string[]>;
  a(name: string): Promise<string[]>;
  aaaa(name: string): Promise<string[]>;
  ns(name: string): Promise<string[]>;
};

const EMPTY_ANSWER = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * A server as node:dns setServers takes it: "host", "host:port", "[v6]:port" or a bare IPv6
 * address are all accepted as written; only blanks are refused.
 */
export function normalizeServer(server: string): string {
  const s = server.trim();
  if (!s) throw new Error("empty DNS server address");
  return s;
}

export function parseServerList(list: string): string[] {
  return list
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function makeResolver(servers: string[], timeoutMs: number): Resolver {
  const r = new Resolver({ timeout: timeoutMs, tries: 2 });
  r.setServers(servers.map(normalizeServer));
  return r;
}

export function dnsResolver(servers: string[], opts: { timeoutMs?: number } = {}): DnsResolver {
  if (servers.length === 0) throw new Error("dnsResolver: no DNS servers given");
  const r = makeResolver(servers, opts.timeoutMs ?? 2500);
  const label = servers.join(",");
  const ask = async <T>(name: string, rrtype: string, fn: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await fn();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code && EMPTY_ANSWER.has(code)) return [];
      throw new DnsQueryError(
        `${rrtype} ${name} at ${label}: ${code ?? (err as Error).message}`,
        code,
        label,
      );
    }
  };
  const clean = (name: string) => name.trim().replace(/\.$/, "");
  return {
    txt: (name) =>
      ask(name, "TXT", async () => (await r.resolveTxt(clean(name))).map((chunks) => chunks.join(""))),
    mx: (name) =>
      ask(name, "MX", async () =>
        (await r.resolveMx(clean(name))).map((m) => ({
          exchange: m.exchange.replace(/\.$/, ""),
          priority: m.priority,
        })),
      ),
    cname: (name) =>
      ask(name, "CNAME", async () => (await r.resolveCname(clean(name))).map((c) => c.replace(/\.$/, ""))),
    a: (name) => ask(name, "A", () => r.resolve4(clean(name))),
    aaaa: (name) => ask(name, "AAAA", () => r.resolve6(clean(name))),
    ns: (name) =>
      ask(name, "NS", async () => (await r.resolveNs(clean(name))).map((n) => n.replace(/\.$/, ""))),
  };
}

/**
 * The `resolver(name, rrtype)` function mailauth takes (same answers and error codes as
 * dns.promises.resolve), asking the given servers instead of the system's.
 */
export function mailauthResolver(servers: string[], opts: { timeoutMs?: number } = {}) {
  const r = makeResolver(servers, opts.timeoutMs ?? 2500);
  return (name: string, rrtype: string): Promise<unknown> =>
    // biome-ignore lint/suspicious/noExplicitAny: node's resolve() overloads are keyed by literal rrtypes
    (r.resolve as (n: string, t: any) => Promise<unknown>)(name, rrtype);
}
