import { env } from "@/lib/config/env";
import type { RecordCheck } from "@/lib/db/schema";
import { DnsQueryError, dnsResolver, parseServerList } from "./resolver";
import { isSpf } from "./spf";

/**
 * One record asked of one server: `propagated` (our value is there), `missing` (nothing of that
 * type), `mismatch` (something else, or a second SPF record) or `error` (the server did not answer).
 */

export type ExpectedRecord = {
  purpose: string;
  name: string;
  type: string;
  content: string;
  priority: number | null;
};

export type DnsServer = { label: string; address: string };

/**
 * DNS_AUTHORITATIVE_SERVERS, else the zone's NS hosts (`nameservers`, or asked for) resolved to
 * addresses through the resolvers.
 */
export async function authoritativeServers(
  zone: string,
  nameservers: string[],
  resolvers: string[],
): Promise<DnsServer[]> {
  const configured = parseServerList(env().DNS_AUTHORITATIVE_SERVERS);
  if (configured.length) return configured.map((a) => ({ label: `authoritative:${a}`, address: a }));
  if (resolvers.length === 0) return [];
  const r = dnsResolver(resolvers);
  const names = nameservers.length ? nameservers : await r.ns(zone).catch(() => []);
  const out: DnsServer[] = [];
  for (const ns of names) {
    const ips = await r.a(ns).catch(() => [] as string[]);
    if (ips[0]) out.push({ label: `authoritative:${ns}`, address: ips[0] });
  }
  return out;
}

const norm = (s: string) => s.trim().replace(/\s+/g, " ");
const host = (s: string) => s.trim().toLowerCase().replace(/\.$/, "");

/** Ask one server for one record: what is there, and whether it is ours. */
export async function checkRecordAt(record: ExpectedRecord, server: DnsServer): Promise<RecordCheck> {
  const r = dnsResolver([server.address]);
  try {
    let found: string[];
    let ok: boolean;
    if (record.type === "TXT") {
      const txts = await r.txt(record.name);
      // only the values of the same kind are shown (the apex holds unrelated TXT values too)
      found = record.purpose === "spf" ? txts.filter(isSpf) : txts;
      ok = found.some((t) => norm(t) === norm(record.content));
      if (record.purpose === "spf" && found.length > 1) ok = false; // two SPF records: a permerror
    } else if (record.type === "MX") {
      const mx = await r.mx(record.name);
      found = mx.map((m) => `${m.priority} ${m.exchange}`);
      ok = mx.some(
        (m) => host(m.exchange) === host(record.content) && m.priority === (record.priority ?? m.priority),
      );
    } else if (record.type === "CNAME") {
      found = (await r.cname(record.name)).map(host);
      ok = found.includes(host(record.content));
    } else {
      found = record.type === "AAAA" ? await r.aaaa(record.name) : await r.a(record.name);
      ok = found.includes(record.content.trim());
    }
    return { server: server.label, state: ok ? "propagated" : found.length ? "mismatch" : "missing", found };
  } catch (err) {
    if (!(err instanceof DnsQueryError)) throw err;
    return { server: server.label, state: "error", found: [], error: err.message };
  }
}
