import { isIP } from "node:net";
import { and, eq, ilike } from "drizzle-orm";
import type { DNSResolver } from "mailauth";
import { spf as spfVerify } from "mailauth/lib/spf";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, domainDnsRecords, mailboxes } from "@/lib/db/schema";
import { checkDnsbl } from "@/lib/dns/dnsbl";
import { trackingCnameTarget } from "@/lib/dns/records";
import { type DnsResolver, dnsResolver, mailauthResolver, parseServerList } from "@/lib/dns/resolver";
import {
  countSpfLookups,
  hostTerm,
  isSpf,
  SPF_LOOKUP_LIMIT,
  SPF_PRESET_INCLUDES,
  SPF_VOID_LOOKUP_LIMIT,
  spfHasTerms,
} from "@/lib/dns/spf";
import { rdapLookup } from "@/lib/registrars/rdap";
import { type HealthFacts, spfSyntaxErrors } from "./health-score";

/** Setup still running: a missing record is on its way, not broken. */
const SETTING_UP = new Set(["registered", "configuring_dns", "verifying_dns"]);

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Where health reads DNS: the resolvers receivers would use (DNS_RESOLVERS). */
const healthResolverServers = () => parseServerList(env().DNS_RESOLVERS);

/**
 * Everything a health check looks at, read live: the domain's records through DNS_RESOLVERS (what
 * receivers see), its blocklist listings, its registration date (RDAP, once: it does not change),
 * and which of the workspace's mailboxes send as it.
 */
export async function gatherHealthFacts(db: DbOrTx, domain: Domain, now = new Date()): Promise<HealthFacts> {
  const servers = healthResolverServers();
  const dns = dnsResolver(servers);
  const name = domain.name;
  const expectedMx = await db
    .select({ content: domainDnsRecords.content })
    .from(domainDnsRecords)
    .where(and(eq(domainDnsRecords.domainId, domain.id), eq(domainDnsRecords.purpose, "mx")));
  const senders = await db
    .select({ email: mailboxes.email, provider: mailboxes.provider, smtpHost: mailboxes.smtpHost })
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, domain.workspaceId), ilike(mailboxes.email, `%@${name}`)));

  const [spf, dkim, dmarc, mx, blacklists, age, tracking] = await Promise.all([
    readSpf(dns, servers, name, senders),
    readDkim(dns, domain),
    dns.txt(`_dmarc.${name}`).then(
      (txt) => ({ records: txt.filter((t) => /^v=DMARC1/i.test(t.trim())) }),
      (err) => ({ records: [], error: message(err) }),
    ),
    dns.mx(name).then(
      (hosts) => ({ hosts, expected: expectedMx.map((r) => r.content.replace(/^\d+\s+/, "")) }),
      (err) => ({ hosts: [], expected: [], error: message(err) }),
    ),
    checkDnsbl(name),
    readAge(domain),
    readTracking(dns, domain),
  ]);
  return {
    domain: name,
    settingUp: SETTING_UP.has(domain.status),
    now,
    spf,
    dkim,
    dmarc,
    mx,
    blacklists,
    age,
    tracking,
  };
}

async function readDkim(dns: DnsResolver, domain: Domain): Promise<HealthFacts["dkim"]> {
  const base = { selector: domain.dkimSelector, expectedKey: domain.dkimPublicKey };
  if (!domain.dkimSelector) return { ...base, found: [] };
  try {
    const txt = await dns.txt(`${domain.dkimSelector}._domainkey.${domain.name}`);
    return { ...base, found: txt };
  } catch (err) {
    return { ...base, found: [], error: message(err) };
  }
}

async function readAge(domain: Domain): Promise<HealthFacts["age"]> {
  if (domain.domainCreatedAt) return { createdAt: domain.domainCreatedAt };
  try {
    const rdap = await rdapLookup(domain.name);
    if (rdap?.createdAt) return { createdAt: rdap.createdAt };
    // bought here: the registration we made is the domain's creation
    if (domain.registeredAt) return { createdAt: domain.registeredAt };
    return {
      createdAt: null,
      error: rdap ? "RDAP has no registration date for it" : "its TLD has no RDAP server",
    };
  } catch (err) {
    const reason = message(err).replace(/^rdap: /, "");
    return {
      createdAt: domain.registeredAt ?? null,
      error: `the registry's RDAP service failed (${reason}); the next health check tries again`,
    };
  }
}

async function readTracking(dns: DnsResolver, domain: Domain): Promise<HealthFacts["tracking"]> {
  const base = { host: domain.trackingHost, target: trackingCnameTarget() };
  if (!domain.trackingHost) return { ...base, found: [] };
  try {
    return { ...base, found: await dns.cname(domain.trackingHost) };
  } catch (err) {
    return { ...base, found: [], error: message(err) };
  }
}

type Sender = { email: string; provider: string; smtpHost: string | null };

async function readSpf(
  dns: DnsResolver,
  servers: string[],
  name: string,
  senders: Sender[],
): Promise<HealthFacts["spf"]> {
  let records: string[];
  try {
    records = (await dns.txt(name)).filter(isSpf);
  } catch (err) {
    return { records: [], senders: [], error: message(err) };
  }
  if (records.length !== 1) return { records, senders: [] };
  const record = records[0]!;
  const analysis = await analyzeSpf(record, name, dns);
  const authorized = await Promise.all(senders.map((s) => senderAuthorized(record, s, servers, dns)));
  return { records, ...analysis, senders: authorized };
}

/** Syntax, and the DNS lookups the record costs through its includes (spf.ts counts them). */
async function analyzeSpf(record: string, name: string, dns: DnsResolver) {
  const syntaxErrors = spfSyntaxErrors(record);
  if (syntaxErrors.length) return { syntaxErrors, lookups: null };
  const count = await countSpfLookups(record, name, dns);
  const unreadable = count.problems.filter((p) => p.startsWith("could not look up"));
  // an include without an SPF record, or a loop, is a permerror for every receiver
  const broken = count.problems.filter((p) => !p.startsWith("could not look up"));
  if (count.voidLookups > SPF_VOID_LOOKUP_LIMIT) {
    broken.push(`${count.voidLookups} lookups find nothing (receivers allow ${SPF_VOID_LOOKUP_LIMIT})`);
  }
  return {
    syntaxErrors: broken,
    lookups: unreadable.length && count.lookups <= SPF_LOOKUP_LIMIT ? null : count.lookups,
    ...(unreadable.length ? { lookupError: unreadable.join("; ") } : {}),
  };
}

/**
 * Whether the record lets the mailbox's server send for the domain. Google and Microsoft mailboxes
 * (and SMTP hosts of theirs) need their include; any other SMTP server is tested for real: SPF
 * evaluated (mailauth, at our resolvers) for each address of its host.
 */
async function senderAuthorized(record: string, s: Sender, servers: string[], dns: DnsResolver) {
  const label = s.email;
  const term =
    s.provider === "google" || s.provider === "microsoft"
      ? SPF_PRESET_INCLUDES[s.provider]
      : s.smtpHost
        ? hostTerm(s.smtpHost)
        : null;
  if (!term) return { label, authorized: null, detail: "no SMTP host" };
  if (term.startsWith("include:")) {
    const ok = spfHasTerms(record, [term]);
    return { label, authorized: ok, ...(ok ? {} : { detail: `needs ${term}` }) };
  }
  const host = s.smtpHost!;
  try {
    const ips = isIP(host) ? [host] : [...(await dns.a(host)), ...(await dns.aaaa(host))];
    if (ips.length === 0) return { label, authorized: null, detail: `${host} has no address` };
    const resolver = mailauthResolver(servers) as DNSResolver;
    const failing: string[] = [];
    for (const ip of ips) {
      const res = (await spfVerify({ sender: s.email, ip, helo: host, mta: "coldframe", resolver })) as {
        status: { result: string };
      };
      if (res.status.result !== "pass") failing.push(`${ip} ${res.status.result}`);
    }
    return failing.length
      ? {
          label,
          authorized: false,
          detail: isIP(host) ? failing.join(", ") : `${host}: ${failing.join(", ")}`,
        }
      : { label, authorized: true, detail: host };
  } catch (err) {
    return { label, authorized: null, detail: `could not check ${host}: ${message(err)}` };
  }
}
