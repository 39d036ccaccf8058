import { and, asc, eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { Db, DbOrTx } from "@/lib/db/client";
import {
  type Domain,
  type DomainDnsRecord,
  domainDnsRecords,
  domains,
  type RecordCheck,
} from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import type { JobContext } from "@/lib/queue/run-worker";
import { DnsQueryError, dnsResolver, parseServerList } from "./resolver";
import { isSpf } from "./spf";

/**
 * Propagation: every expected record of a domain queried at the zone's authoritative servers and at
 * each configured resolver (DNS_RESOLVERS). Per record and server the answer is `propagated` (our
 * value is there), `missing` (nothing of that type), `mismatch` (something else, or a second SPF
 * record) or `error` (the server did not answer).
 */

export const VERIFY_GIVE_UP_MS = 48 * 3600_000;
const MIN_DELAY_MS = 15_000;
const MAX_DELAY_MS = 30 * 60_000;

type Server = { label: string; address: string };

/** DNS_AUTHORITATIVE_SERVERS, else the zone's NS hosts resolved to addresses through the resolvers. */
async function authoritativeServers(domain: Domain, resolvers: string[]): Promise<Server[]> {
  const configured = parseServerList(env().DNS_AUTHORITATIVE_SERVERS);
  if (configured.length) return configured.map((a) => ({ label: `authoritative:${a}`, address: a }));
  if (resolvers.length === 0) return [];
  const r = dnsResolver(resolvers);
  const names = domain.nameservers?.length ? domain.nameservers : await r.ns(domain.name).catch(() => []);
  const out: Server[] = [];
  for (const ns of names) {
    const ips = await r.a(ns).catch(() => [] as string[]);
    if (ips[0]) out.push({ label: `authoritative:${ns}`, address: ips[0] });
  }
  return out;
}

const norm = (s: string) => s.trim().replace(/\s+/g, " ");
const host = (s: string) => s.trim().toLowerCase().replace(/\.$/, "");

/** Ask one server for one record: what is there, and whether it is ours. */
export async function checkRecordAt(
  record: Pick<DomainDnsRecord, "purpose" | "name" | "type" | "content" | "priority">,
  server: Server,
): Promise<RecordCheck> {
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

function overall(checks: RecordCheck[]): DomainDnsRecord["state"] {
  if (checks.length && checks.every((c) => c.state === "propagated")) return "propagated";
  if (checks.some((c) => c.state === "mismatch")) return "mismatch";
  if (checks.some((c) => c.state === "missing")) return "missing";
  return "pending"; // only errors (or no servers): not known yet
}

/** Check every expected record of the domain now; stores and returns the results. */
export async function checkPropagation(db: DbOrTx, domainId: string): Promise<DomainDnsRecord[]> {
  const [domain] = await db.select().from(domains).where(eq(domains.id, domainId));
  if (!domain) return [];
  const records = await db
    .select()
    .from(domainDnsRecords)
    .where(eq(domainDnsRecords.domainId, domainId))
    .orderBy(asc(domainDnsRecords.purpose), asc(domainDnsRecords.name), asc(domainDnsRecords.priority));
  if (records.length === 0) return [];
  const resolvers = parseServerList(env().DNS_RESOLVERS);
  const auth = await authoritativeServers(domain, resolvers);
  const servers: Server[] = [...auth, ...resolvers.map((a) => ({ label: a, address: a }))];
  // the same server given as authoritative and resolver is asked twice on purpose: two roles

  const checkedAt = new Date();
  const results = await Promise.all(
    records.map(async (rec) => {
      const checks = await Promise.all(servers.map((s) => checkRecordAt(rec, s)));
      return { ...rec, checks, state: overall(checks), checkedAt };
    }),
  );
  for (const r of results) {
    await db
      .update(domainDnsRecords)
      .set({ checks: r.checks, state: r.state, checkedAt, updatedAt: checkedAt })
      .where(eq(domainDnsRecords.id, r.id));
  }
  return results;
}

/**
 * The domains.verify-dns job: all records propagated → `active` and a health check; otherwise
 * check again later (15 s, growing to 30 min) until 48 hours after verification started, then
 * stop with the missing records named in statusReason (the domain stays verifying_dns; "check now"
 * or a new setup starts over).
 */
export async function runDnsVerification(db: Db, domainId: string, ctx: JobContext): Promise<void> {
  const [domain] = await db.select().from(domains).where(eq(domains.id, domainId));
  if (domain?.status !== "verifying_dns") return;
  const records = await checkPropagation(db, domainId);
  const notYet = records.filter((r) => r.state !== "propagated");
  const now = Date.now();

  if (records.length > 0 && notYet.length === 0) {
    const [activated] = await db
      .update(domains)
      .set({
        status: "active",
        statusReason: null,
        dnsProgress: finishVerify(domain, "done", "every record is visible at every server"),
        updatedAt: new Date(),
      })
      .where(and(eq(domains.id, domainId), eq(domains.status, "verifying_dns")))
      .returning({ id: domains.id });
    if (activated) {
      await enqueue(
        "domains.health-check",
        { domainId },
        { singletonKey: `health-check:${domainId}`, singletonSeconds: 10 },
      );
      ctx.log.info({ domain: domain.name }, "DNS propagated: domain active");
    }
    return;
  }

  const started = (domain.dnsVerifyStartedAt ?? domain.updatedAt).getTime();
  const waiting = describeMissing(notYet);
  if (now - started >= VERIFY_GIVE_UP_MS) {
    await db
      .update(domains)
      .set({
        statusReason: `After 48 hours these records are still not visible everywhere: ${waiting}`,
        dnsProgress: finishVerify(domain, "failed", `gave up after 48 hours: ${waiting}`),
        updatedAt: new Date(),
      })
      .where(and(eq(domains.id, domainId), eq(domains.status, "verifying_dns")));
    return;
  }
  await db
    .update(domains)
    .set({ dnsProgress: finishVerify(domain, "running", `waiting for ${waiting}`), updatedAt: new Date() })
    .where(and(eq(domains.id, domainId), eq(domains.status, "verifying_dns")));
  const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, (now - started) / 2));
  // the slot key keeps two chains (a retried job, a second setup) from both going on
  await enqueue(
    "domains.verify-dns",
    { domainId },
    { startAfter: new Date(now + delay), singletonKey: `verify-dns-next:${domainId}`, singletonSeconds: 10 },
  );
}

function describeMissing(records: DomainDnsRecord[]): string {
  if (records.length === 0) return "no records to check";
  return records.map((r) => `${r.purpose.toUpperCase()} ${r.type} ${r.name} (${r.state})`).join(", ");
}

function finishVerify(domain: Domain, state: "running" | "done" | "failed", detail: string) {
  const progress = domain.dnsProgress ?? { steps: [] };
  const steps = progress.steps.some((s) => s.key === "verify")
    ? progress.steps.map((s) => (s.key === "verify" ? { ...s, state, detail } : s))
    : [...progress.steps, { key: "verify", label: "Propagation", state, detail }];
  return { ...progress, steps, ...(state === "done" ? { finishedAt: new Date().toISOString() } : {}) };
}
