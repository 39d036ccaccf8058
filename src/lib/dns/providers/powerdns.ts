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
};

/**
 * PowerDNS Authoritative through its HTTP API (self-hosters' DNS). Zones are created `Native`
 * (served from the database, no transfers). Its quirks: names are absolute (trailing dot), and
 * record content is in presentation format, so TXT values carry their own quotes and are cut into
 * 255-byte strings here.
 */
export function powerDnsProvider(config: PowerDnsConfig): DnsProvider {
  const base = `${config.apiUrl.replace(/\/+$/, "")}/api/v1/servers/${encodeURIComponent(config.serverId)}`;

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          "X-API-Key": config.apiKey,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new DnsProviderError(`PowerDNS at ${config.apiUrl} did not answer: ${(err as Error).message}`, {
        retryable: true,
      });
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {}
      if (res.status === 401 || res.status === 403) {
        throw new DnsProviderError("PowerDNS refused the API key", { status: res.status });
      }
      throw new DnsProviderError(`PowerDNS ${method} ${path}: ${res.status} ${message}`.trim(), {
        status: res.status,
        retryable: res.status >= 500,
      });
    }
    return text ? JSON.parse(text) : null;
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
