import { and, eq, inArray, isNull } from "drizzle-orm";
import { env } from "@/lib/config/env";
import { encryptSecret } from "@/lib/crypto";
import { advisoryLock } from "@/lib/db/advisory-lock";
import type { Db, DbOrTx } from "@/lib/db/client";
import {
  type DnsSettings,
  type DnsSetupProgress,
  type Domain,
  domainDnsRecords,
  domains,
  mailboxes,
} from "@/lib/db/schema";
import { DKIM_DEFAULT_SELECTOR, generateDkimKey } from "@/lib/dns/dkim";
import type { DnsProvider, DnsRecord, DnsZone } from "@/lib/dns/providers";
import { type DesiredRecord, expectedRecords } from "@/lib/dns/records";
import { dnsResolver, parseServerList } from "@/lib/dns/resolver";
import { countSpfLookups, hostTerm, isSpf, SPF_LOOKUP_LIMIT, type SpfSettings } from "@/lib/dns/spf";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";
import { getRegistrar } from "@/lib/registrars";
import type { RegistrarId } from "@/lib/registrars/types";
import { dnsProviderFor } from "./dns-provider-for";

/**
 * setupDomainDns (DESIGN.md): zone → nameservers at the registrar → SPF → DKIM → DMARC → MX →
 * tracking CNAME, each a visible step in domains.dns_progress; the records the domain should have
 * are stored in domain_dns_records and the verification job takes over.
 *
 * Idempotent, convergent: each record set is read first and written only when it differs, so a
 * second run changes nothing (not even the zone's serial). Two runs for one domain never overlap
 * (a per-domain advisory lock); the second waits and then converges to the same zone.
 */

const STEPS = [
  ["zone", "DNS zone"],
  ["nameservers", "Nameservers at the registrar"],
  ["spf", "SPF"],
  ["dkim", "DKIM"],
  ["dmarc", "DMARC"],
  ["mx", "MX"],
  ["tracking", "Tracking CNAME"],
  ["redirect", "Redirect to your site"],
  ["verify", "Propagation"],
] as const;
type StepKey = (typeof STEPS)[number][0];

export class DnsSetupRefused extends Error {}

export async function setupDomainDns(
  db: Db,
  domainId: string,
  opts: { log?: Logger } = {},
): Promise<{ state: "done" | "refused" | "skipped"; reason?: string }> {
  const lock = await advisoryLock(`domains.setup-dns:${domainId}`, { timeoutSeconds: 120 });
  try {
    const domain = await load(db, domainId);
    if (!domain) return { state: "skipped", reason: "no such domain" };
    if (domain.dnsMode === "manual") return { state: "skipped", reason: "manual DNS" };
    if (["pending_payment", "paid", "registering", "failed", "cancelled"].includes(domain.status)) {
      return { state: "skipped", reason: `domain is ${domain.status}` };
    }
    return await setup(db, domain, opts.log);
  } finally {
    await lock.release();
  }
}

async function setup(db: Db, initial: Domain, log?: Logger) {
  const progress: DnsSetupProgress = {
    steps: STEPS.map(([key, label]) => ({ key, label, state: "pending" as const })),
    startedAt: new Date().toISOString(),
  };
  const step = async (key: StepKey, state: "running" | "done" | "failed", detail?: string) => {
    const s = progress.steps.find((x) => x.key === key)!;
    s.state = state;
    if (detail !== undefined) s.detail = detail;
    await db
      .update(domains)
      .set({ dnsProgress: progress, updatedAt: new Date() })
      .where(eq(domains.id, initial.id));
  };

  await db
    .update(domains)
    .set({
      status: "configuring_dns",
      statusReason: null,
      dnsMode: "managed",
      dnsProgress: progress,
      updatedAt: new Date(),
    })
    .where(eq(domains.id, initial.id));

  let current = "zone" as StepKey;
  try {
    const { provider, providerId, accountId } = await dnsProviderFor(db, initial);

    // zone
    await step("zone", "running");
    const zone = await provider.ensureZone(initial.name);
    await db
      .update(domains)
      .set({ dnsProvider: providerId, dnsAccountId: accountId, dnsZoneId: zone.id, updatedAt: new Date() })
      .where(eq(domains.id, initial.id));
    await step(
      "zone",
      "done",
      `${zone.name} on ${providerId}, served by ${zone.nameservers.join(", ") || "?"}`,
    );

    // nameservers
    current = "nameservers";
    await step("nameservers", "running");
    await step("nameservers", "done", await pointNameservers(db, initial, zone, providerId));

    // settings (defaults for a domain set up without any), tracking host, DKIM key
    // purchased domains get track.<domain>; a domain added by hand keeps the tracking host it was given
    let domain = await ensureSettings(db, (await load(db, initial.id))!, {
      defaultTrackingHost: initial.source === "purchased",
    });
    domain = await ensureDkimKey(db, domain);

    // SPF: merged into what the zone has, never a second record; refused past 10 lookups
    current = "spf";
    await step("spf", "running");
    const apexTxt = await provider.listRecords(zone, { name: domain.name, type: "TXT" });
    const existingSpf = apexTxt.map((r) => r.content).filter(isSpf);
    const desired = expectedRecords(domain, { existingSpf });
    const spf = desired.find((r) => r.purpose === "spf")!;
    const servers = parseServerList(env().DNS_RESOLVERS);
    if (servers.length) {
      const count = await countSpfLookups(spf.content, domain.name, dnsResolver(servers));
      if (count.lookups > SPF_LOOKUP_LIMIT) {
        const reason = `SPF would need ${count.lookups} DNS lookups (receivers allow ${SPF_LOOKUP_LIMIT}): "${spf.content}". Remove includes from the existing record or choose fewer SPF hosts.`;
        await step("spf", "failed", reason);
        throw new DnsSetupRefused(reason);
      }
    }
    const otherApexTxt = apexTxt.filter((r) => !isSpf(r.content));
    // the apex TXT set holds the owner's other values (site verifications...): kept, one TTL for the set
    const spfChanged = await syncRecordSet(provider, zone, domain.name, "TXT", [
      ...otherApexTxt.map((r) => ({ name: r.name, type: r.type, content: r.content, ttl: spf.ttl })),
      toDnsRecord(spf),
    ]);
    await step("spf", "done", `${spf.content}${spfChanged ? "" : " (already published)"}`);

    for (const [key, purpose] of [
      ["dkim", "dkim"],
      ["dmarc", "dmarc"],
      ["mx", "mx"],
      ["tracking", "tracking"],
    ] as const) {
      current = key;
      await step(key, "running");
      const records = desired.filter((r) => r.purpose === purpose);
      if (records.length === 0) {
        await step(
          key,
          "done",
          key === "mx"
            ? "no MX preset chosen: MX records published elsewhere are left as they are"
            : "nothing to publish",
        );
        continue;
      }
      const changed = await syncRecordSet(
        provider,
        zone,
        records[0]!.name,
        records[0]!.type,
        records.map(toDnsRecord),
      );
      const what = records.map((r) => (r.priority !== undefined ? `${r.priority} ${r.content}` : r.content));
      await step(
        key,
        "done",
        `${records[0]!.name} ${records[0]!.type} ${what.join(", ")}${changed ? "" : " (already published)"}`,
      );
    }

    current = "redirect";
    await step("redirect", "running");
    const redirect = desired.filter((r) => r.purpose === "redirect");
    if (redirect.length === 0) {
      await step("redirect", "done", "no redirect chosen");
    } else {
      // the bare name's A record and www.'s CNAME: two record sets
      const changed: boolean[] = [];
      for (const set of [...new Set(redirect.map((r) => `${r.name}|${r.type}`))]) {
        const records = redirect.filter((r) => `${r.name}|${r.type}` === set);
        changed.push(
          await syncRecordSet(provider, zone, records[0]!.name, records[0]!.type, records.map(toDnsRecord)),
        );
      }
      await step(
        "redirect",
        "done",
        `${domain.name} and www.${domain.name} → ${domain.dnsSettings?.redirectTo}${changed.some(Boolean) ? "" : " (already published)"}`,
      );
    }

    // record sets we published before and no longer want (a changed tracking host, MX turned to
    // "none", a redirect turned off) come out of the zone; SPF and DMARC names never change
    const before = await db
      .select({ name: domainDnsRecords.name, type: domainDnsRecords.type, purpose: domainDnsRecords.purpose })
      .from(domainDnsRecords)
      .where(eq(domainDnsRecords.domainId, domain.id));
    const wanted = new Set(desired.map((r) => `${r.name}|${r.type}`));
    const stale = new Set(
      before
        .filter((r) => r.purpose !== "spf" && r.purpose !== "dmarc")
        .map((r) => `${r.name}|${r.type}`)
        .filter((set) => !wanted.has(set)),
    );
    for (const set of stale) {
      const [setName, setType] = set.split("|") as [string, DnsRecord["type"]];
      await provider.deleteRecordSet(zone, setName, setType);
    }
    if (stale.size)
      log?.info({ domain: domain.name, removed: [...stale] }, "records no longer wanted removed");

    await storeExpectedRecords(db, domain, desired);
    current = "verify";
    await step("verify", "running", "waiting for the records to show at every server");
    progress.finishedAt = new Date().toISOString();
    await db
      .update(domains)
      .set({
        status: "verifying_dns",
        statusReason: null,
        dnsProgress: progress,
        dnsVerifyStartedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(domains.id, domain.id));
    await enqueue("domains.verify-dns", { domainId: domain.id }, { singletonKey: `verify-dns:${domain.id}` });
    log?.info({ domain: domain.name }, "DNS set up; verification queued");
    return { state: "done" as const };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const s = progress.steps.find((x) => x.key === current)!;
    if (s.state !== "failed") {
      s.state = "failed";
      s.detail = message;
    }
    progress.error = message;
    await db
      .update(domains)
      .set({ statusReason: message, dnsProgress: progress, updatedAt: new Date() })
      .where(eq(domains.id, initial.id));
    // a refusal (settings the user must change) is not retried; anything else is, by the queue
    if (err instanceof DnsSetupRefused || (err instanceof AppError && err.code === "validation")) {
      log?.warn({ domain: initial.name, reason: message }, "DNS setup refused");
      return { state: "refused" as const, reason: message };
    }
    throw err;
  }
}

/** Nameservers at the registrar, when the domain has one; otherwise what the owner must set. */
async function pointNameservers(
  db: DbOrTx,
  domain: Domain,
  zone: DnsZone,
  providerId: string,
): Promise<string> {
  const want = zone.nameservers.map((n) => n.toLowerCase()).sort();
  if (!domain.registrar || domain.registrar === "rdap") {
    return `set these nameservers at the domain's registrar: ${want.join(", ")}`;
  }
  if (domain.registrar === "cloudflare" && providerId === "cloudflare") {
    return "Cloudflare Registrar serves the zone itself: nothing to change";
  }
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });
  const at = await registrar.getDomain(domain.name);
  const have = (at?.nameservers ?? []).map((n) => n.toLowerCase().replace(/\.$/, "")).sort();
  if (want.length && have.join(",") === want.join(",")) return `already ${want.join(", ")}`;
  await registrar.setNameservers(domain.name, want);
  await db.update(domains).set({ nameservers: want, updatedAt: new Date() }).where(eq(domains.id, domain.id));
  return `set to ${want.join(", ")} at ${domain.registrar}`;
}

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
export function defaultMx(spf: SpfSettings | undefined): NonNullable<DnsSettings["mx"]> {
  if (spf?.preset === "google") return { preset: "google" };
  if (spf?.preset === "microsoft") return { preset: "microsoft" };
  const hosts = spf?.hosts ?? [];
  // senders mixed with Google's or Microsoft's SMTP: which one receives is the user's choice
  if (hosts.length === 0 || hosts.some((h) => hostTerm(h).startsWith("include:"))) return { preset: "none" };
  return { preset: "custom", hosts: [{ host: hosts[0]!, priority: 10 }] };
}

/** SPF from the mailboxes that will send as this domain (or, when none does yet, the workspace's). */
export async function defaultSpf(
  db: DbOrTx,
  domain: Pick<Domain, "name" | "workspaceId">,
): Promise<SpfSettings> {
  const rows = await db
    .select({ email: mailboxes.email, provider: mailboxes.provider, smtpHost: mailboxes.smtpHost })
    .from(mailboxes)
    .where(eq(mailboxes.workspaceId, domain.workspaceId));
  const own = rows.filter((m) => m.email.toLowerCase().endsWith(`@${domain.name}`));
  const senders = own.length ? own : rows;
  const providers = new Set(senders.map((m) => m.provider));
  const hosts = [
    ...new Set(
      senders
        .filter((m) => m.provider === "smtp" && m.smtpHost)
        .map((m) => m.smtpHost!.toLowerCase())
        // a known provider's SMTP host is its preset
        .filter((h) => !hostTerm(h).startsWith("include:")),
    ),
  ];
  const viaHost = senders
    .filter((m) => m.provider === "smtp" && m.smtpHost)
    .map((m) => hostTerm(m.smtpHost!))
    .filter((t) => t.startsWith("include:"));
  const google = providers.has("google") || viaHost.includes("include:_spf.google.com");
  const microsoft = providers.has("microsoft") || viaHost.includes("include:spf.protection.outlook.com");
  const ips = hosts.filter((h) => /^[\d.]+$|:/.test(h));
  const names = hosts.filter((h) => !ips.includes(h));
  if (google && !microsoft && hosts.length === 0) return { preset: "google" };
  if (microsoft && !google && hosts.length === 0) return { preset: "microsoft" };
  // mixed senders: custom with the providers' SMTP hosts, which map back to their includes
  return {
    preset: "custom",
    hosts: [...(google ? ["smtp.gmail.com"] : []), ...(microsoft ? ["smtp.office365.com"] : []), ...names],
    ips,
  };
}

/** The DKIM key pair, made once (two runs at once keep the first one written). */
export async function ensureDkimKey(db: DbOrTx, domain: Domain): Promise<Domain> {
  if (domain.dkimPrivateKeyEnc && domain.dkimSelector && domain.dkimPublicKey) return domain;
  const key = generateDkimKey();
  const [row] = await db
    .update(domains)
    .set({
      dkimSelector: domain.dkimSelector ?? DKIM_DEFAULT_SELECTOR,
      dkimPrivateKeyEnc: encryptSecret(key.privateKeyPem),
      dkimPublicKey: key.publicKey,
      updatedAt: new Date(),
    })
    .where(and(eq(domains.id, domain.id), isNull(domains.dkimPrivateKeyEnc)))
    .returning();
  return row ?? (await load(db, domain.id))!;
}

/**
 * The expected records in domain_dns_records: rows no longer expected go, new ones come (pending);
 * unchanged rows keep their last check. One transaction.
 */
export async function storeExpectedRecords(db: DbOrTx, domain: Domain, desired: DesiredRecord[]) {
  await db.transaction(async (tx) => {
    const existing = await tx.select().from(domainDnsRecords).where(eq(domainDnsRecords.domainId, domain.id));
    const key = (r: { purpose: string; type: string; name: string; content: string }) =>
      `${r.purpose}|${r.type}|${r.name}|${r.content}`;
    const keep = new Set(desired.map(key));
    const stale = existing.filter((r) => !keep.has(key(r))).map((r) => r.id);
    if (stale.length) await tx.delete(domainDnsRecords).where(inArray(domainDnsRecords.id, stale));
    for (const r of desired) {
      await tx
        .insert(domainDnsRecords)
        .values({
          id: crypto.randomUUID(),
          domainId: domain.id,
          workspaceId: domain.workspaceId,
          purpose: r.purpose,
          name: r.name,
          type: r.type,
          content: r.content,
          ttl: r.ttl,
          priority: r.priority ?? null,
        })
        .onConflictDoUpdate({
          target: [
            domainDnsRecords.domainId,
            domainDnsRecords.purpose,
            domainDnsRecords.type,
            domainDnsRecords.name,
            domainDnsRecords.content,
          ],
          set: { ttl: r.ttl, priority: r.priority ?? null, updatedAt: new Date() },
        });
    }
  });
}

const toDnsRecord = (r: DesiredRecord): DnsRecord => ({
  name: r.name,
  type: r.type,
  content: r.content,
  ttl: r.ttl,
  ...(r.priority !== undefined ? { priority: r.priority } : {}),
});

/** Write (name, type) only when the provider's set differs from `want`. True when it wrote. */
async function syncRecordSet(
  provider: DnsProvider,
  zone: DnsZone,
  name: string,
  type: DnsRecord["type"],
  want: DnsRecord[],
): Promise<boolean> {
  const have = await provider.listRecords(zone, { name, type });
  const sig = (r: DnsRecord) => `${r.content}|${type === "MX" ? (r.priority ?? 10) : ""}|${r.ttl}`;
  const a = have.map(sig).sort().join("\n");
  const b = want.map(sig).sort().join("\n");
  if (a === b) return false;
  await provider.upsertRecordSet(zone, name, type, want);
  return true;
}

async function load(db: DbOrTx, id: string): Promise<Domain | undefined> {
  const [row] = await db.select().from(domains).where(eq(domains.id, id));
  return row;
}
