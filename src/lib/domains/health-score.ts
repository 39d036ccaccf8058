import { isIP } from "node:net";
import type { HealthCheckItem } from "@/lib/db/schema";
import { dkimRecordMatches, parseDkimRecord } from "@/lib/dns/dkim";
import { parseDmarc } from "@/lib/dns/dmarc";
import type { DnsblResult } from "@/lib/dns/dnsbl";

/**
 * What a health check observed about a domain, gathered by health.ts from DNS, the blocklists and
 * RDAP. Scoring is a pure function of this, so every rule below is tested without a network.
 * `error` on a part means it could not be read (timeout, SERVFAIL): never the same as "missing".
 */
export type HealthFacts = {
  domain: string;
  /** DNS setup still running (configuring/verifying): missing records are pending, not failing */
  settingUp: boolean;
  now: Date;
  spf: {
    /** TXT records at the domain that start with v=spf1 */
    records: string[];
    error?: string;
    /** syntax problems of the (single) record */
    syntaxErrors?: string[];
    /** DNS-lookup terms counted through includes/redirect; null when they could not be counted */
    lookups?: number | null;
    lookupError?: string;
    /** the workspace's mailboxes on this domain and whether the record lets their servers send */
    senders: { label: string; authorized: boolean | null; detail?: string }[];
  };
  dkim: { selector: string | null; expectedKey: string | null; found: string[]; error?: string };
  dmarc: { records: string[]; error?: string };
  mx: { hosts: { exchange: string; priority: number }[]; expected: string[]; error?: string };
  blacklists: DnsblResult[];
  age: { createdAt: Date | null; error?: string };
  tracking: { host: string | null; target: string; found: string[]; error?: string };
};

export type HealthState = "healthy" | "warning" | "critical" | "unknown";
export type HealthScore = { score: number; state: HealthState; items: HealthCheckItem[] };

/**
 * Points per part, 100 in all. Authentication weighs most: without SPF and DKIM, Gmail, Yahoo and
 * Microsoft reject bulk mail outright; DMARC is required too but a weak policy still delivers; a
 * blocklisting sinks every email; MX matters for replies and bounces; age and tracking are
 * reputation hints.
 */
export const HEALTH_WEIGHTS = {
  spf: 25,
  dkim: 25,
  dmarc: 15,
  mx: 10,
  blacklist: 15,
  age: 5,
  tracking: 5,
} as const;

/** Smaller deductions inside a part. */
export const HEALTH_DEDUCTIONS = {
  /** some mailboxes' servers are not in the SPF record: their emails fail SPF */
  spfSendersNotAuthorized: 15,
  /** `+all` lets any server send as the domain */
  spfPassAll: 15,
  spfLookupsUncounted: 5,
  /** p=none: a start, but receivers take no action on spoofed mail */
  dmarcPolicyNone: 5,
  dmarcNoReports: 2,
  mxNotExpected: 5,
} as const;

export const NEW_DOMAIN_DAYS = 30;
export const NEW_DOMAIN_WARNING = "new domain — ramp up slowly";
const HEALTHY_MIN = 80;
const CRITICAL_BELOW = 50;

type Item = HealthCheckItem;
const item = (
  key: string,
  label: string,
  state: Item["state"],
  pointsLost = 0,
  reason?: string,
  details?: Record<string, unknown>,
): Item => ({
  key,
  label,
  state,
  pointsLost,
  ...(reason ? { reason } : {}),
  ...(details ? { details } : {}),
});

export function scoreHealth(f: HealthFacts): HealthScore {
  const items = [
    scoreSpf(f),
    scoreDkim(f),
    scoreDmarc(f),
    scoreMx(f),
    scoreBlacklists(f),
    scoreAge(f),
    scoreTracking(f),
  ];
  const score = Math.max(0, 100 - items.reduce((n, i) => n + i.pointsLost, 0));
  return { score, state: overallState(score, items), items };
}

function overallState(score: number, items: Item[]): HealthState {
  const core = items.filter((i) => ["spf", "dkim", "dmarc", "mx"].includes(i.key));
  if (core.some((i) => i.state === "unknown")) return "unknown";
  if (score < CRITICAL_BELOW || items.some((i) => i.key === "blacklist" && i.state === "fail"))
    return "critical";
  if (score < HEALTHY_MIN || items.some((i) => i.state === "fail")) return "warning";
  return "healthy";
}

/** A record that is not there: failing once set up, pending while setup runs. */
const missing = (f: HealthFacts): Item["state"] => (f.settingUp ? "pending" : "fail");
const whileSettingUp = (f: HealthFacts, reason: string) =>
  f.settingUp ? `${reason} (DNS setup in progress)` : reason;

function scoreSpf(f: HealthFacts): Item {
  const w = HEALTH_WEIGHTS.spf;
  const { spf, domain } = f;
  const label = "SPF";
  if (spf.error) return item("spf", label, "unknown", w, `could not read the SPF record: ${spf.error}`);
  if (spf.records.length === 0) {
    return item(
      "spf",
      label,
      missing(f),
      w,
      whileSettingUp(f, `no SPF record at ${domain}: receivers cannot tell which servers may send for it`),
    );
  }
  const details = { records: spf.records, lookups: spf.lookups ?? null, senders: spf.senders };
  if (spf.records.length > 1) {
    return item(
      "spf",
      label,
      "fail",
      w,
      `${spf.records.length} SPF records at ${domain}: more than one is a permanent error for receivers — merge them into one`,
      details,
    );
  }
  if (spf.syntaxErrors?.length)
    return item("spf", label, "fail", w, `invalid SPF record: ${spf.syntaxErrors.join("; ")}`, details);
  if (spf.lookups != null && spf.lookups > 10) {
    return item(
      "spf",
      label,
      "fail",
      w,
      `the SPF record needs ${spf.lookups} DNS lookups; receivers stop at 10 (permanent error)`,
      details,
    );
  }
  let lost = 0;
  const reasons: string[] = [];
  if (/(^|\s)\+?all(\s|$)/i.test(spf.records[0]!)) {
    lost += HEALTH_DEDUCTIONS.spfPassAll;
    reasons.push("the record ends in +all, which lets any server on the internet send as this domain");
  }
  const refused = spf.senders.filter((s) => s.authorized === false);
  if (refused.length) {
    lost += HEALTH_DEDUCTIONS.spfSendersNotAuthorized;
    reasons.push(
      `does not authorize ${refused.map((s) => (s.detail ? `${s.label} (${s.detail})` : s.label)).join(", ")}: their emails fail SPF`,
    );
  }
  if (spf.lookups == null) {
    lost += HEALTH_DEDUCTIONS.spfLookupsUncounted;
    reasons.push(`could not count the record's DNS lookups${spf.lookupError ? `: ${spf.lookupError}` : ""}`);
  }
  lost = Math.min(lost, w);
  if (lost === 0) return item("spf", label, "pass", 0, undefined, details);
  return item("spf", label, refused.length ? "fail" : "warn", lost, reasons.join("; "), details);
}

function scoreDkim(f: HealthFacts): Item {
  const w = HEALTH_WEIGHTS.dkim;
  const { dkim, domain } = f;
  const label = "DKIM";
  if (!dkim.selector || !dkim.expectedKey) {
    return item(
      "dkim",
      label,
      missing(f),
      w,
      whileSettingUp(f, "no DKIM key for this domain yet: set up its DNS to generate one"),
    );
  }
  const name = `${dkim.selector}._domainkey.${domain}`;
  if (dkim.error) return item("dkim", label, "unknown", w, `could not read ${name}: ${dkim.error}`);
  const details = { name, found: dkim.found };
  if (dkim.found.length === 0)
    return item("dkim", label, missing(f), w, whileSettingUp(f, `no DKIM record at ${name}`), details);
  const { expectedKey } = dkim;
  if (dkim.found.some((txt) => dkimRecordMatches(txt, expectedKey)))
    return item("dkim", label, "pass", 0, undefined, details);
  if (dkim.found.some((txt) => parseDkimRecord(txt).p === ""))
    return item("dkim", label, "fail", w, `the DKIM key at ${name} is revoked (empty p=)`, details);
  return item(
    "dkim",
    label,
    "fail",
    w,
    `the DKIM record at ${name} publishes a different key than the one emails are signed with: they would fail DKIM`,
    details,
  );
}

function scoreDmarc(f: HealthFacts): Item {
  const w = HEALTH_WEIGHTS.dmarc;
  const { dmarc, domain } = f;
  const label = "DMARC";
  const name = `_dmarc.${domain}`;
  if (dmarc.error) return item("dmarc", label, "unknown", w, `could not read ${name}: ${dmarc.error}`);
  if (dmarc.records.length === 0)
    return item("dmarc", label, missing(f), w, whileSettingUp(f, `no DMARC record at ${name}`));
  const details = { records: dmarc.records };
  if (dmarc.records.length > 1)
    return item(
      "dmarc",
      label,
      "fail",
      w,
      `${dmarc.records.length} DMARC records at ${name}: receivers ignore them all — keep one`,
      details,
    );
  const parsed = parseDmarc(dmarc.records[0]!);
  const policy = parsed?.policy;
  if (!parsed || !policy) {
    return item(
      "dmarc",
      label,
      "fail",
      w,
      `invalid DMARC record at ${name}: it needs v=DMARC1 first and p=none, quarantine or reject`,
      details,
    );
  }
  let lost = 0;
  const reasons: string[] = [];
  if (policy === "none") {
    lost += HEALTH_DEDUCTIONS.dmarcPolicyNone;
    reasons.push(
      "policy is none: receivers take no action on spoofed mail — switch to p=quarantine once the domain is warmed up",
    );
  }
  if (!parsed.rua.length) {
    lost += HEALTH_DEDUCTIONS.dmarcNoReports;
    reasons.push("no rua= address: you get no aggregate reports");
  }
  const all = { ...details, policy };
  // p=none with reports is the recommended start (DESIGN.md): the mark passes, the advice costs points
  const state = parsed.rua.length ? "pass" : "warn";
  return item("dmarc", label, state, lost, lost ? reasons.join("; ") : undefined, all);
}

const host = (h: string) => h.toLowerCase().replace(/\.$/, "");

function scoreMx(f: HealthFacts): Item {
  const w = HEALTH_WEIGHTS.mx;
  const { mx, domain } = f;
  const label = "MX";
  if (mx.error) return item("mx", label, "unknown", w, `could not read the MX records: ${mx.error}`);
  const details = { hosts: mx.hosts, expected: mx.expected };
  if (mx.hosts.length === 0) {
    return item(
      "mx",
      label,
      missing(f),
      w,
      whileSettingUp(f, `no MX records: replies and bounces sent to ${domain} cannot be delivered`),
      details,
    );
  }
  const found = new Set(mx.hosts.map((h) => host(h.exchange)));
  const absent = mx.expected.map(host).filter((h) => !found.has(h));
  if (absent.length) {
    return item(
      "mx",
      label,
      "warn",
      HEALTH_DEDUCTIONS.mxNotExpected,
      `MX ${absent.join(", ")} expected but not found (found ${[...found].join(", ")})`,
      details,
    );
  }
  return item("mx", label, "pass", 0, undefined, details);
}

function scoreBlacklists(f: HealthFacts): Item {
  const w = HEALTH_WEIGHTS.blacklist;
  const label = "Blocklists";
  const details = { zones: f.blacklists };
  if (f.blacklists.length === 0)
    return item("blacklist", label, "pass", 0, "no blocklists configured (DNSBL_ZONES)", details);
  const listed = f.blacklists.filter((b) => b.state === "listed");
  if (listed.length) {
    return item(
      "blacklist",
      label,
      "fail",
      w,
      `listed on ${listed.map((b) => `${b.zone} (${b.reasons.join(", ")})`).join("; ")}`,
      details,
    );
  }
  const unknown = f.blacklists.filter((b) => b.state === "unknown");
  // a refusal or an error says nothing about the domain: no points lost, but shown
  if (unknown.length) {
    return item(
      "blacklist",
      label,
      "unknown",
      0,
      `could not check ${unknown.map((b) => `${b.zone} (${b.reasons.join(", ")})`).join("; ")}`,
      details,
    );
  }
  return item("blacklist", label, "pass", 0, undefined, details);
}

export const ageInDays = (createdAt: Date, now: Date) =>
  Math.floor((now.getTime() - createdAt.getTime()) / 86_400_000);

function scoreAge(f: HealthFacts): Item {
  const label = "Domain age";
  const { createdAt, error } = f.age;
  if (!createdAt) {
    return item(
      "age",
      label,
      "unknown",
      0,
      error ? `could not read the registration date: ${error}` : "registration date unknown",
    );
  }
  const days = ageInDays(createdAt, f.now);
  const details = { createdAt: createdAt.toISOString(), days };
  if (days < NEW_DOMAIN_DAYS) {
    return item(
      "age",
      label,
      "warn",
      HEALTH_WEIGHTS.age,
      `${NEW_DOMAIN_WARNING} (registered ${days === 1 ? "1 day" : `${days} days`} ago; under ${NEW_DOMAIN_DAYS} days old)`,
      details,
    );
  }
  return item("age", label, "pass", 0, undefined, details);
}

function scoreTracking(f: HealthFacts): Item {
  const w = HEALTH_WEIGHTS.tracking;
  const label = "Tracking CNAME";
  const { tracking } = f;
  if (!tracking.host)
    return item("tracking", label, "pass", 0, "no custom tracking host: links use the app's address");
  const details = { host: tracking.host, target: tracking.target, found: tracking.found };
  if (tracking.error)
    return item(
      "tracking",
      label,
      "unknown",
      w,
      `could not read ${tracking.host}: ${tracking.error}`,
      details,
    );
  if (tracking.found.length === 0) {
    return item(
      "tracking",
      label,
      missing(f),
      w,
      whileSettingUp(f, `${tracking.host} has no CNAME (it should point at ${tracking.target})`),
      details,
    );
  }
  if (!tracking.found.map(host).includes(host(tracking.target))) {
    return item(
      "tracking",
      label,
      "fail",
      w,
      `${tracking.host} points at ${tracking.found.join(", ")} instead of ${tracking.target}`,
      details,
    );
  }
  return item("tracking", label, "pass", 0, undefined, details);
}

const MECHANISM =
  /^[+\-~?]?(all|include:[^\s]+|a(:[^\s/]+)?(\/\d{1,2})?(\/\/\d{1,3})?|mx(:[^\s/]+)?(\/\d{1,2})?(\/\/\d{1,3})?|ptr(:[^\s]+)?|ip4:[^\s]+|ip6:[^\s]+|exists:[^\s]+)$/i;
const MODIFIER = /^[a-z][a-z0-9_.-]*=[^\s]*$/i;

/** Terms that are neither a known mechanism nor a modifier, and bad addresses: a permerror at receivers. */
export function spfSyntaxErrors(record: string): string[] {
  const errors: string[] = [];
  for (const term of record.trim().split(/\s+/).slice(1)) {
    if (!MECHANISM.test(term) && !MODIFIER.test(term)) {
      errors.push(`unknown term "${term}"`);
      continue;
    }
    const ip = /^[+\-~?]?ip([46]):(.+?)(\/(\d+))?$/i.exec(term);
    if (ip && (isIP(ip[2]!) !== Number(ip[1]) || (ip[4] && Number(ip[4]) > (ip[1] === "4" ? 32 : 128)))) {
      errors.push(`"${term}" is not a valid IPv${ip[1]} address or range`);
    }
  }
  return errors;
}
