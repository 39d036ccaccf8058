import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type DnsSettings, type Domain, domains } from "@/lib/db/schema";
import { hostTerm, type SpfSettings } from "@/lib/dns/spf";
import { defaultSpf } from "./default-spf";

/**
 * Settings a domain without any gets: SPF for the workspace's mailboxes' senders (those on this
 * domain first), DMARC p=none, no MX; and, when asked (purchased domains), the tracking host
 * track.<domain>.
 */
export async function ensureSettings(
  db: DbOrTx,
  domain: Domain,
  opts: { defaultTrackingHost?: boolean } = { defaultTrackingHost: true },
): Promise<Domain> {
  const settings: DnsSettings = { ...(domain.dnsSettings ?? {}) };
  let changed = false;
  if (!settings.spf) {
    settings.spf = await defaultSpf(db, domain);
    changed = true;
  }
  if (!settings.dmarc) {
    settings.dmarc = { policy: "none" };
    changed = true;
  }
  if (!settings.mx && domain.source === "purchased") {
    // a fresh domain has no mail server yet: receive replies and bounces where the mail is sent from
    settings.mx = defaultMx(settings.spf);
    changed = true;
  }
  const trackingHost = domain.trackingHost ?? (opts.defaultTrackingHost ? `track.${domain.name}` : null);
  if (!changed && trackingHost === domain.trackingHost) return domain;
  const [row] = await db
    .update(domains)
    .set({ dnsSettings: settings, trackingHost, updatedAt: new Date() })
    .where(eq(domains.id, domain.id))
    .returning();
  return row!;
}

/**
 * MX for a purchased domain from its SPF choice: Google Workspace's or Microsoft 365's hosts, or the
 * first custom SMTP host (the server that sends usually receives too); "none" when only IPs send.
 */
function defaultMx(spf: SpfSettings | undefined): NonNullable<DnsSettings["mx"]> {
  if (spf?.preset === "google") return { preset: "google" };
  if (spf?.preset === "microsoft") return { preset: "microsoft" };
  const hosts = spf?.hosts ?? [];
  // senders mixed with Google's or Microsoft's SMTP: which one receives is the user's choice
  if (hosts.length === 0 || hosts.some((h) => hostTerm(h).startsWith("include:"))) return { preset: "none" };
  return { preset: "custom", hosts: [{ host: hosts[0]!, priority: 10 }] };
}
