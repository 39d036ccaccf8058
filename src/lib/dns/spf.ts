import { isIP } from "node:net";
import type { DnsResolver } from "./resolver";

/**
 * SPF (RFC 7208): build the terms for a mailbox provider or SMTP hosts, merge them into the record a
 * domain already has (a name may have only one `v=spf1` record), and count DNS lookups through
 * includes and redirects (more than 10 makes the whole record a permerror at receivers).
 */

export type SpfSettings = { preset: "google" | "microsoft" | "custom"; hosts?: string[]; ips?: string[] };

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LOOKUP_LIMIT = 2;

export const SPF_PRESET_INCLUDES = {
  google: "include:_spf.google.com",
  microsoft: "include:spf.protection.outlook.com",
} as const;

/** SMTP hosts that mean a preset: a mailbox on smtp.gmail.com sends through Google's servers. */
const PROVIDER_SMTP_HOSTS: [RegExp, keyof typeof SPF_PRESET_INCLUDES][] = [
  [/(^|\.)(gmail|googlemail|google)\.com$/, "google"],
  [/(^|\.)(office365|outlook)\.com$/, "microsoft"],
];

export function ipTerm(ip: string): string {
  const v = isIP(ip.replace(/\/\d+$/, ""));
  if (v === 4) return `ip4:${ip}`;
  if (v === 6) return `ip6:${ip}`;
  throw new Error(`not an IP address: ${ip}`);
}

/** The SPF term that authorizes an SMTP host: the preset include for known providers, else `a:host`. */
export function hostTerm(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, "");
  if (isIP(h)) return ipTerm(h);
  for (const [re, preset] of PROVIDER_SMTP_HOSTS) if (re.test(h)) return SPF_PRESET_INCLUDES[preset];
  return `a:${h}`;
}

/** The mechanisms a preset authorizes (without `v=spf1` and `all`). */
export function spfTerms(settings: SpfSettings): string[] {
  const terms: string[] = [];
  if (settings.preset === "google" || settings.preset === "microsoft") {
    terms.push(SPF_PRESET_INCLUDES[settings.preset]);
  }
  for (const h of settings.hosts ?? []) terms.push(hostTerm(h));
  for (const ip of settings.ips ?? []) terms.push(ipTerm(ip.trim()));
  return unique(terms);
}

export type ParsedSpf = {
  /** mechanisms and modifiers other than `all` and `redirect=`, in order */
  terms: string[];
  /** the `all` mechanism with its qualifier (`~all`, `-all`, ...), or null */
  all: string | null;
  /** the `redirect=` domain, or null */
  redirect: string | null;
};

export const isSpf = (txt: string) => /^v=spf1(\s|$)/i.test(txt.trim());

export function parseSpf(record: string): ParsedSpf {
  if (!isSpf(record)) throw new Error("not an SPF record (does not start with v=spf1)");
  const parts = record.trim().split(/\s+/).slice(1);
  let all: string | null = null;
  let redirect: string | null = null;
  const terms: string[] = [];
  for (const p of parts) {
    if (/^[+\-~?]?all$/i.test(p)) all = p.toLowerCase();
    else if (/^redirect=/i.test(p)) redirect = p.slice("redirect=".length).toLowerCase();
    else terms.push(p);
  }
  return { terms, all, redirect };
}

export function formatSpf(spf: ParsedSpf): string {
  const parts = ["v=spf1", ...spf.terms];
  if (spf.all) parts.push(spf.all);
  else if (spf.redirect) parts.push(`redirect=${spf.redirect}`);
  return parts.join(" ");
}

/**
 * One SPF record holding the existing record's terms and ours. Terms already present (compared
 * case-insensitively) are not added twice; the existing `all` qualifier is kept (a record with
 * `-all` stays strict); ours are added before it. Several existing SPF records (a broken setup)
 * are folded into the one result. With nothing existing: our terms and `~all`.
 */
export function mergeSpf(existing: string[], terms: string[], defaultAll = "~all"): string {
  const merged: ParsedSpf = { terms: [], all: null, redirect: null };
  const seen = new Set<string>();
  const add = (t: string) => {
    const k = t.toLowerCase();
    if (seen.has(k)) return;
    seen.add(k);
    merged.terms.push(t);
  };
  for (const record of existing) {
    const p = parseSpf(record);
    p.terms.forEach(add);
    merged.all ??= p.all;
    merged.redirect ??= p.redirect;
  }
  terms.forEach(add);
  // a redirect only applies when there is no `all`; ours must not be skipped by it, so an existing
  // redirect becomes an include (same lookup count) followed by the default `all`
  if (merged.redirect && !merged.all) {
    add(`include:${merged.redirect}`);
    merged.redirect = null;
  }
  if (!merged.all && !merged.redirect) merged.all = defaultAll;
  return formatSpf(merged);
}

/** True when `record` already authorizes every one of `terms`. */
export function spfHasTerms(record: string, terms: string[]): boolean {
  const have = new Set(parseSpf(record).terms.map((t) => t.toLowerCase()));
  return terms.every((t) => have.has(t.toLowerCase()));
}

export type SpfLookupCount = {
  /** DNS-querying terms (include, a, mx, ptr, exists, redirect), counted through includes */
  lookups: number;
  /** lookups that found nothing */
  voidLookups: number;
  /** problems found on the way (missing include target, loops, several records) */
  problems: string[];
};

const LOOKUP_TERM = /^[+\-~?]?(include:|a(:|\/|$)|mx(:|\/|$)|ptr(:|$)|exists:)/i;

/**
 * Count the lookups `record` (published at `domain`) costs a receiver, following includes and
 * the redirect with `resolver`. Stops descending once the limit is passed (the answer is then
 * already "too many").
 */
export async function countSpfLookups(
  record: string,
  domain: string,
  resolver: DnsResolver,
): Promise<SpfLookupCount> {
  const out: SpfLookupCount = { lookups: 0, voidLookups: 0, problems: [] };
  const visiting = new Set<string>([domain.toLowerCase()]);

  const walk = async (rec: string, at: string, depth: number): Promise<void> => {
    const p = parseSpf(rec);
    const targets: string[] = [];
    for (const term of p.terms) {
      if (!LOOKUP_TERM.test(term)) continue;
      out.lookups++;
      const m = /^[+\-~?]?include:(.+)$/i.exec(term);
      if (m?.[1]) targets.push(m[1].toLowerCase());
      else if (/^[+\-~?]?(a|mx)(:|\/|$)/i.test(term)) {
        const target = /:(.+?)(\/|$)/.exec(term)?.[1] ?? at;
        const isMx = /^[+\-~?]?mx/i.test(term);
        const found = isMx
          ? await resolver.mx(target).catch(() => [])
          : await resolver.a(target).catch(() => []);
        if (found.length === 0) out.voidLookups++;
      }
    }
    if (p.redirect && !p.all) {
      out.lookups++;
      targets.push(p.redirect);
    }
    for (const target of targets) {
      if (out.lookups > SPF_LOOKUP_LIMIT) return;
      if (visiting.has(target)) {
        out.problems.push(`SPF loop through ${target}`);
        continue;
      }
      if (depth >= 10) {
        out.problems.push("SPF includes nested too deep");
        return;
      }
      let txts: string[];
      try {
        txts = (await resolver.txt(target)).filter(isSpf);
      } catch (err) {
        out.problems.push(`could not look up the SPF record of ${target}: ${(err as Error).message}`);
        continue;
      }
      if (txts.length === 0) {
        out.voidLookups++;
        out.problems.push(`${target} has no SPF record`);
        continue;
      }
      if (txts.length > 1) out.problems.push(`${target} has ${txts.length} SPF records`);
      visiting.add(target);
      await walk(txts[0]!, target, depth + 1);
      visiting.delete(target);
    }
  };
  await walk(record, domain.toLowerCase(), 0);
  return out;
}

function unique(xs: string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = x.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * `record` without `terms` (compared case-insensitively): what a settings change uses to take back
 * the terms an earlier choice added (switching Google → Microsoft drops Google's include).
 */
export function removeSpfTerms(record: string, terms: string[]): string {
  if (terms.length === 0) return record;
  const drop = new Set(terms.map((t) => t.toLowerCase()));
  const p = parseSpf(record);
  return formatSpf({ ...p, terms: p.terms.filter((t) => !drop.has(t.toLowerCase())) });
}
