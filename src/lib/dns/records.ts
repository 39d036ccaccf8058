import { env } from "@/lib/config/env";
import type { DnsSettings, DomainDnsRecord } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { dkimRecordName, dkimRecordValue } from "./dkim";
import { buildDmarc, dmarcRecordName } from "./dmarc";
import { mergeSpf, spfTerms } from "./spf";

/** A record a domain should have: what setup writes, or what the user pastes by hand. */
export type DesiredRecord = {
  purpose: DomainDnsRecord["purpose"];
  /** fully qualified, no trailing dot */
  name: string;
  type: "TXT" | "MX" | "CNAME" | "A";
  /** TXT unquoted and whole (providers split it); MX/CNAME host without trailing dot */
  content: string;
  ttl: number;
  priority?: number;
};

export const DEFAULT_TTL = 3600;

/** MX presets: Google Workspace's classic five, and Microsoft 365's per-domain host. */
export function mxPresetHosts(
  domain: string,
  mx: NonNullable<DnsSettings["mx"]>,
): { host: string; priority: number }[] {
  switch (mx.preset) {
    case "google":
      return [
        { host: "aspmx.l.google.com", priority: 1 },
        { host: "alt1.aspmx.l.google.com", priority: 5 },
        { host: "alt2.aspmx.l.google.com", priority: 5 },
        { host: "alt3.aspmx.l.google.com", priority: 10 },
        { host: "alt4.aspmx.l.google.com", priority: 10 },
      ];
    case "microsoft":
      return [{ host: `${domain.replace(/\./g, "-")}.mail.protection.outlook.com`, priority: 0 }];
    case "custom":
      return (mx.hosts ?? []).map((h) => ({
        host: h.host.toLowerCase().replace(/\.$/, ""),
        priority: h.priority,
      }));
    default:
      return [];
  }
}

/** Where tracking CNAMEs point: TRACKING_CNAME_TARGET, else the app's own host. */
export function trackingCnameTarget(): string {
  const e = env();
  return (e.TRACKING_CNAME_TARGET ?? new URL(e.APP_URL).hostname).toLowerCase().replace(/\.$/, "");
}

/** What the records of a domain are made from (a domains row fits). */
export type RecordSource = {
  name: string;
  dnsSettings: DnsSettings | null;
  dkimSelector: string | null;
  dkimPublicKey: string | null;
  trackingHost: string | null;
};

/**
 * Everything `domain` should publish, from its DNS settings, DKIM key and tracking host. SPF is
 * given merged into `existingSpf` (the SPF records the name has now, if known): one record, never two.
 */
export function expectedRecords(
  domain: RecordSource,
  opts: { existingSpf?: string[] } = {},
): DesiredRecord[] {
  const name = domain.name;
  const settings = domain.dnsSettings ?? {};
  const out: DesiredRecord[] = [];

  const terms = settings.spf ? spfTerms(settings.spf) : [];
  out.push({
    purpose: "spf",
    name,
    type: "TXT",
    content: mergeSpf(opts.existingSpf ?? [], terms),
    ttl: DEFAULT_TTL,
  });

  if (domain.dkimSelector && domain.dkimPublicKey) {
    out.push({
      purpose: "dkim",
      name: dkimRecordName(domain.dkimSelector, name),
      type: "TXT",
      content: dkimRecordValue(domain.dkimPublicKey),
      ttl: DEFAULT_TTL,
    });
  }

  out.push({
    purpose: "dmarc",
    name: dmarcRecordName(name),
    type: "TXT",
    content: buildDmarc(name, settings.dmarc),
    ttl: DEFAULT_TTL,
  });

  if (settings.mx) {
    for (const mx of mxPresetHosts(name, settings.mx)) {
      out.push({
        purpose: "mx",
        name,
        type: "MX",
        content: mx.host,
        priority: mx.priority,
        ttl: DEFAULT_TTL,
      });
    }
  }

  if (settings.redirectTo) {
    // visitors of the bare domain and www. reach this app, which redirects them (src/proxy.ts)
    const ip = env().DOMAIN_REDIRECT_IPV4;
    if (ip) out.push({ purpose: "redirect", name, type: "A", content: ip, ttl: DEFAULT_TTL });
    out.push({
      purpose: "redirect",
      name: `www.${name}`,
      type: "CNAME",
      content: trackingCnameTarget(),
      ttl: DEFAULT_TTL,
    });
  }

  if (domain.trackingHost) {
    out.push({
      purpose: "tracking",
      name: domain.trackingHost,
      type: "CNAME",
      content: trackingCnameTarget(),
      ttl: DEFAULT_TTL,
    });
  }
  return out;
}

/** A redirect needs the address the bare domain points at: refuse the setting without it. */
export function assertRedirectConfigured(settings: DnsSettings | null | undefined): void {
  if (settings?.redirectTo && !env().DOMAIN_REDIRECT_IPV4) {
    throw new AppError(
      "validation",
      "Redirecting the domain needs this server's public IPv4 address: set DOMAIN_REDIRECT_IPV4",
      { fields: { "settings.redirectTo": ["DOMAIN_REDIRECT_IPV4 is not set on this server"] } },
    );
  }
}
