import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { type GuardedResponse, guardedFetch } from "@/lib/net/guarded-fetch";
import { splitTxt } from "../dkim";
import {
  type DnsProvider,
  DnsProviderError,
  type DnsRecord,
  type DnsRecordType,
  type DnsZone,
} from "./types";

export type PowerDnsConfig = {
  apiUrl: string;
  apiKey: string;
  serverId: string;
  /** NS records of zones created here (the names to set at the registrar) */
  nameservers: string[];
  /**
   * The platform's own POWERDNS_API_URL: operator configuration, so it may point anywhere. A
   * workspace's account is not trusted: its URL must resolve to a public address unless
   * ALLOWED_PRIVATE_HOSTS allows it.
   */
  trusted?: boolean;
};

const PDNS_TIMEOUT_MS = 15_000;

/**
 * PowerDNS Authoritative through its HTTP API (self-hosters' DNS). Zones are created `Native`
 * (served from the database, no transfers). Its quirks: names are absolute (trailing dot), and
 * record content is in presentation format, so TXT values carry their own quotes and are cut into
 * 255-byte strings here.
 *
 * Every call goes through guardedFetch: the URL is built with the URL API (a user's `?` or `#`
 * cannot swallow our path), redirects are not followed, and errors carry the status in our own
 * words, never the answer's body (a URL pointed at an internal service must not read it back).
 */
export function powerDnsProvider(config: PowerDnsConfig): DnsProvider {
  const base = new URL(config.apiUrl);
  const where = base.origin;
  const prefix = `${base.pathname.replace(/\/+$/, "")}/api/v1/servers/${encodeURIComponent(config.serverId)}`;
  const urlOf = (path: string) => {
    const url = new URL(base.href);
    url.pathname = `${prefix}${path}`;
    url.search = "";
    url.hash = "";
    return url;
  };

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let res: GuardedResponse;
    try {
      res = await guardedFetch(urlOf(path), {
        what: "PowerDNS API URL",
        method,
        headers: {
          "X-API-Key": config.apiKey,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: PDNS_TIMEOUT_MS,
        ...(config.trusted ? { allowedPrivateHosts: "*" } : {}),
      });
    } catch (err) {
      if (err instanceof AppError && err.code === "validation") throw new DnsProviderError(err.message);
      throw new DnsProviderError(`PowerDNS at ${where} did not answer: ${(err as Error).message}`, {
        retryable: true,
      });
    }
    const { status } = res;
    if (status >= 200 && status < 300) {
      if (status === 204 || res.body.length === 0) return null;
      if (!/^application\/json\b/i.test(String(res.headers["content-type"] ?? ""))) {
        throw notPowerDns(method, path, res, "answered something other than JSON");
      }
      try {
        return JSON.parse(res.body.toString("utf8"));
      } catch {
        throw notPowerDns(method, path, res, "answered JSON it could not read");
      }
    }
    if (status >= 300 && status < 400) {
      throw notPowerDns(method, path, res, `answered ${status} (a redirect; redirects are not followed)`);
    }
    if (status === 401 || status === 403) {
      throw new DnsProviderError(`PowerDNS answered ${status} — check the API key`, { status });
    }
    // 404 is the everyday "no such zone"; anything else may need the operator's eyes
    if (status !== 404) logBody(method, path, res);
    throw new DnsProviderError(`PowerDNS ${method} ${path || "/"}: answered ${status}`, {
      status,
      retryable: status >= 500,
    });
  };

  /** For the server's log only: the start of the body, which never reaches the user. */
  const logBody = (method: string, path: string, res: GuardedResponse) =>
    logger.warn(
      { powerdns: where, method, path, status: res.status, body: res.body.subarray(0, 500).toString("utf8") },
      "PowerDNS answer not understood",
    );
  const notPowerDns = (method: string, path: string, res: GuardedResponse, what: string) => {
    logBody(method, path, res);
    return new DnsProviderError(`${where} ${what}: is it the PowerDNS API?`, { status: res.status });
  };

  type PdnsZone = {
    id: string;
    name: string;
    rrsets?: { name: string; type: string; ttl: number; records: { content: string; disabled: boolean }[] }[];
  };

  const getZone = async (zoneName: string): Promise<PdnsZone | null> => {
    try {
      return (await call("GET", `/zones/${encodeURIComponent(absolute(zoneName))}`)) as PdnsZone;
    } catch (err) {
      // PowerDNS answers 404 (4.7: 422 on some versions) for an unknown zone
      if (err instanceof DnsProviderError && (err.options.status === 404 || err.options.status === 422))
        return null;
      throw err;
    }
  };

  const toZone = (z: PdnsZone): DnsZone => {
    const apexNs = (z.rrsets ?? []).find((r) => r.type === "NS" && r.name === z.name);
    const ns = apexNs?.records.filter((r) => !r.disabled).map((r) => relative(r.content)) ?? [];
    return { id: z.id, name: relative(z.name), nameservers: ns.length ? ns.sort() : config.nameservers };
  };

  const patch = (zone: DnsZone, rrset: Record<string, unknown>) =>
    call("PATCH", `/zones/${encodeURIComponent(zone.id)}`, { rrsets: [rrset] });

  return {
    id: "powerdns",
    async ensureZone(domain) {
      const existing = await getZone(domain);
      if (existing) return toZone(existing);
      if (config.nameservers.length === 0) {
        throw new DnsProviderError("PowerDNS needs nameservers for new zones: set POWERDNS_NAMESERVERS");
      }
      try {
        await call("POST", "/zones", {
          name: absolute(domain),
          kind: "Native",
          nameservers: config.nameservers.map(absolute),
        });
      } catch (err) {
        // another worker created it in between
        if (!(err instanceof DnsProviderError && err.options.status === 409)) throw err;
      }
      const created = await getZone(domain);
      if (!created)
        throw new DnsProviderError(`PowerDNS did not create the zone ${domain}`, { retryable: true });
      return toZone(created);
    },
    async listRecords(zone, filter = {}) {
      const z = await getZone(zone.id);
      if (!z) throw new DnsProviderError(`PowerDNS has no zone ${zone.name}`, { status: 404 });
      const out: DnsRecord[] = [];
      for (const rr of z.rrsets ?? []) {
        const name = relative(rr.name);
        if (filter.name && name !== filter.name.toLowerCase()) continue;
        if (filter.type && rr.type !== filter.type) continue;
        for (const r of rr.records) {
          if (r.disabled) continue;
          out.push({ name, type: rr.type as DnsRecordType, ttl: rr.ttl, ...fromContent(rr.type, r.content) });
        }
      }
      return out;
    },
    async upsertRecordSet(zone, name, type, records) {
      if (records.length === 0) return this.deleteRecordSet(zone, name, type);
      await patch(zone, {
        name: absolute(name),
        type,
        ttl: records[0]!.ttl,
        changetype: "REPLACE",
        records: records.map((r) => ({ content: toContent(r), disabled: false })),
      });
    },
    async deleteRecordSet(zone, name, type) {
      await patch(zone, { name: absolute(name), type, changetype: "DELETE" });
    },
    async verifyCredentials() {
      await call("GET", "");
    },
  };
}

const absolute = (name: string) => {
  const n = name.trim().toLowerCase();
  return n.endsWith(".") ? n : `${n}.`;
};
const relative = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");

function toContent(r: DnsRecord): string {
  switch (r.type) {
    case "TXT":
      return quoteTxt(r.content);
    case "CNAME":
    case "NS":
      return absolute(r.content);
    case "MX":
      return `${r.priority ?? 10} ${absolute(r.content)}`;
    default:
      return r.content;
  }
}

function fromContent(type: string, content: string): { content: string; priority?: number } {
  if (type === "TXT") return { content: unquoteTxt(content) };
  if (type === "CNAME" || type === "NS") return { content: relative(content) };
  if (type === "MX") {
    const [prio, host] = content.trim().split(/\s+/);
    return { content: relative(host ?? ""), priority: Number(prio) };
  }
  return { content };
}

/** `v=DKIM1; ... p=AAAA...` → `"v=DKIM1; ... p=AAA" "A..."` (each string ≤ 255 bytes, quotes escaped). */
export function quoteTxt(value: string): string {
  return splitTxt(value)
    .map((s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(" ");
}

/** The inverse of quoteTxt: the strings of a presentation-format TXT joined (a bare word is kept). */
export function unquoteTxt(content: string): string {
  const c = content.trim();
  if (!c.startsWith('"')) return c;
  let out = "";
  let i = 0;
  while (i < c.length) {
    if (c[i] !== '"') {
      i++;
      continue;
    }
    i++;
    while (i < c.length && c[i] !== '"') {
      if (c[i] === "\\" && i + 1 < c.length) {
        const digits = /^\d{3}/.exec(c.slice(i + 1))?.[0];
        if (digits) {
          out += String.fromCharCode(Number(digits));
          i += 4;
          continue;
        }
        out += c[i + 1];
        i += 2;
        continue;
      }
      out += c[i];
      i++;
    }
    i++;
  }
  return out;
}
