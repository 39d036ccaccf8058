import Cloudflare, { APIConnectionError, APIError } from "cloudflare";
import type {
  RecordCreateParams,
  RecordEditParams,
  RecordListParams,
} from "cloudflare/resources/dns/records";
import { quoteTxt, unquoteTxt } from "./powerdns";
import {
  type DnsProvider,
  DnsProviderError,
  type DnsRecord,
  type DnsRecordType,
  type DnsZone,
} from "./types";

export type CloudflareDnsConfig = { apiToken: string; accountId: string; baseUrl?: string };

/**
 * Cloudflare DNS through the official SDK: zones.list/create and dns.records.list/create/edit/delete.
 * Cloudflare keeps one record per value (no rrsets), so a record set is made to match by editing
 * and deleting individual records. TXT content is sent as quoted ≤255-byte strings, as its API
 * documents; answers may come back quoted or bare.
 */
export function cloudflareDnsProvider(config: CloudflareDnsConfig): DnsProvider {
  const client = new Cloudflare({
    apiToken: config.apiToken,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    maxRetries: 1,
    timeout: 30_000,
  });

  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toProviderError(what, err);
    }
  };

  const list = (zone: DnsZone, filter: { name?: string; type?: DnsRecordType } = {}) =>
    guard(`listing the records of ${zone.name}`, async () => {
      const params: RecordListParams = {
        zone_id: zone.id,
        per_page: 100,
        ...(filter.name ? { name: { exact: filter.name.toLowerCase() } } : {}),
        ...(filter.type ? { type: filter.type as NonNullable<RecordListParams["type"]> } : {}),
      };
      const out: DnsRecord[] = [];
      for await (const r of client.dns.records.list(params)) {
        if (!["A", "AAAA", "CNAME", "MX", "TXT", "NS"].includes(r.type)) continue;
        const content = String(r.content ?? "");
        out.push({
          id: r.id,
          name: r.name.toLowerCase().replace(/\.$/, ""),
          type: r.type as DnsRecordType,
          content:
            r.type === "TXT"
              ? unquoteTxt(content)
              : r.type === "CNAME" || r.type === "MX"
                ? content.toLowerCase().replace(/\.$/, "")
                : content,
          ttl: r.ttl,
          ...(r.type === "MX" && "priority" in r && typeof r.priority === "number"
            ? { priority: r.priority }
            : {}),
        });
      }
      return out;
    });

  const body = (name: string, r: DnsRecord) => ({
    name,
    type: r.type,
    content: r.type === "TXT" ? quoteTxt(r.content) : r.content,
    ttl: r.ttl,
    ...(r.type === "MX" ? { priority: r.priority ?? 10 } : {}),
    ...(r.type === "A" || r.type === "AAAA" || r.type === "CNAME" ? { proxied: false } : {}),
  });

  return {
    id: "cloudflare",
    async ensureZone(domain) {
      return guard(`finding or creating the zone ${domain}`, async () => {
        const name = domain.toLowerCase();
        const page = await client.zones.list({ name, account: { id: config.accountId } });
        const found = page.result.find((z) => z.name.toLowerCase() === name);
        const zone =
          found ?? (await client.zones.create({ account: { id: config.accountId }, name, type: "full" }));
        return {
          id: zone.id,
          name: zone.name.toLowerCase(),
          nameservers: [...(zone.name_servers ?? [])].sort(),
        };
      });
    },
    listRecords: list,
    async upsertRecordSet(zone, name, type, records) {
      const fqdn = name.toLowerCase();
      const existing = await list(zone, { name: fqdn, type });
      const same = (a: DnsRecord, b: DnsRecord) =>
        a.content === b.content && (type !== "MX" || (a.priority ?? 10) === (b.priority ?? 10));
      const unmatched = [...existing];
      const toCreate: DnsRecord[] = [];
      for (const want of records) {
        const i = unmatched.findIndex((e) => same(e, { ...want, type }));
        if (i < 0) {
          toCreate.push({ ...want, type });
          continue;
        }
        const [have] = unmatched.splice(i, 1);
        if (have && have.ttl !== want.ttl && have.id) {
          await guard(`updating ${type} ${fqdn}`, () =>
            client.dns.records.edit(have.id!, {
              zone_id: zone.id,
              ...body(fqdn, { ...want, type }),
            } as RecordEditParams),
          );
        }
      }
      // reuse the leftovers for the new values (an edit keeps the set from being empty in between)
      for (const want of toCreate) {
        const reuse = unmatched.shift();
        if (reuse?.id) {
          await guard(`updating ${type} ${fqdn}`, () =>
            client.dns.records.edit(reuse.id!, { zone_id: zone.id, ...body(fqdn, want) } as RecordEditParams),
          );
        } else {
          await guard(`creating ${type} ${fqdn}`, () =>
            client.dns.records.create({ zone_id: zone.id, ...body(fqdn, want) } as RecordCreateParams),
          );
        }
      }
      for (const extra of unmatched) {
        if (extra.id) {
          await guard(`deleting ${type} ${fqdn}`, () =>
            client.dns.records.delete(extra.id!, { zone_id: zone.id }),
          );
        }
      }
    },
    async deleteRecordSet(zone, name, type) {
      for (const r of await list(zone, { name, type })) {
        if (r.id)
          await guard(`deleting ${type} ${name}`, () =>
            client.dns.records.delete(r.id!, { zone_id: zone.id }),
          );
      }
    },
    async verifyCredentials() {
      await guard("checking the token", () =>
        client.zones.list({ account: { id: config.accountId }, per_page: 5 }),
      );
    },
  };
}

function toProviderError(what: string, err: unknown): DnsProviderError {
  if (err instanceof APIConnectionError) {
    return new DnsProviderError(`Cloudflare did not answer while ${what}: ${err.message}`, {
      retryable: true,
    });
  }
  if (err instanceof APIError) {
    const status = err.status;
    const errors = (err.errors ?? []) as { code?: number; message?: string }[];
    const detail =
      errors
        .map((e) => e.message)
        .filter(Boolean)
        .join("; ") || err.message;
    if (status === 401 || status === 403) {
      return new DnsProviderError(`Cloudflare refused the API token while ${what}: ${detail}`, { status });
    }
    return new DnsProviderError(`Cloudflare error while ${what}: ${detail}`, {
      status,
      retryable: status === 429 || (status !== undefined && status >= 500),
    });
  }
  return new DnsProviderError(`Cloudflare: ${what}: ${(err as Error).message}`, { retryable: true });
}
