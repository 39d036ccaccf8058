import { and, asc, eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { Db, DbOrTx } from "@/lib/db/client";
import {
  type DnsSettings,
  type DnsSetupProgress,
  type Domain,
  type DomainDnsRecord,
  domainDnsRecords,
  domains,
} from "@/lib/db/schema";
import { platformDnsProvider } from "@/lib/dns/providers";
import { assertRedirectConfigured, expectedRecords } from "@/lib/dns/records";
import { dnsResolver, parseServerList } from "@/lib/dns/resolver";
import { countSpfLookups, isSpf, removeSpfTerms, SPF_LOOKUP_LIMIT, spfTerms } from "@/lib/dns/spf";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { dnsProviderForAccount } from "@/lib/registrars/dns-provider-for-account";
import { defaultSpf } from "./default-spf";
import { dnsProviderFor } from "./dns-provider-for";
import { ensureDkimKey } from "./ensure-dkim-key";
import { ensureSettings } from "./ensure-settings";
import { checkPropagation } from "./propagation";
import { storeExpectedRecords } from "./store-expected-records";

/**
 * A domain's DNS as the API shows it: how it is served, setup progress, and each expected record
 * with what every server answered. Also the bring-your-own-domain start (managed or manual).
 */

export type DnsChoice = { mode: "managed"; accountId?: string | null } | { mode: "manual" };

export function dnsRecordView(r: DomainDnsRecord) {
  return {
    id: r.id,
    purpose: r.purpose,
    name: r.name,
    type: r.type,
    content: r.content,
    ttl: r.ttl,
    priority: r.priority,
    state: r.state,
    checks: r.checks.map((c) => ({ server: c.server, state: c.state, found: c.found })),
    checkedAt: r.checkedAt?.toISOString() ?? null,
  };
}

async function ownDomain(db: DbOrTx, workspaceId: string, id: string): Promise<Domain> {
  const [row] = await db
    .select()
    .from(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)));
  if (!row) throw notFound("domain");
  return row;
}

function view(domain: Domain, records: DomainDnsRecord[]) {
  return {
    mode: domain.dnsMode,
    provider: domain.dnsProvider,
    nameservers: domain.nameservers ?? [],
    status: domain.status,
    statusReason: domain.statusReason,
    settings: (domain.dnsSettings as Record<string, unknown> | null) ?? null,
    progress: domain.dnsProgress,
    records: records.map(dnsRecordView),
  };
}

async function recordsOf(db: DbOrTx, domainId: string) {
  return db
    .select()
    .from(domainDnsRecords)
    .where(eq(domainDnsRecords.domainId, domainId))
    .orderBy(asc(domainDnsRecords.purpose), asc(domainDnsRecords.name), asc(domainDnsRecords.priority));
}

export async function getDomainDns(db: DbOrTx, workspaceId: string, id: string) {
  const domain = await ownDomain(db, workspaceId, id);
  return view(domain, await recordsOf(db, id));
}

/** POST /dns/check: query every server now. */
export async function checkDomainDnsNow(db: Db, workspaceId: string, id: string) {
  await ownDomain(db, workspaceId, id);
  const records = await checkPropagation(db, id);
  const domain = await ownDomain(db, workspaceId, id);
  // everything visible while still verifying: let the job make it active (and run a health check)
  if (domain.status === "verifying_dns" && records.length && records.every((r) => r.state === "propagated")) {
    await enqueue(
      "domains.verify-dns",
      { domainId: id },
      { singletonKey: `verify-dns-now:${id}`, singletonSeconds: 5 },
    );
  }
  return view(domain, records);
}

/** Which DNS a managed domain will use; refuses an account of another workspace or no DNS at all. */
async function managedTarget(db: DbOrTx, workspaceId: string, accountId: string | null | undefined) {
  if (accountId) {
    const { providerId } = await dnsProviderForAccount(db, accountId, workspaceId).catch((err) => {
      if (err instanceof AppError && err.code === "not_found") {
        throw new AppError("validation", "That DNS provider account does not exist in this workspace", {
          fields: { "dns.accountId": ["not one of this workspace's accounts"] },
        });
      }
      throw err;
    });
    return { dnsProvider: providerId, dnsAccountId: accountId };
  }
  const id = env().DNS_PROVIDER;
  if (id === "none" || !platformDnsProvider()) {
    throw new AppError(
      "validation",
      "This server has no DNS provider of its own: connect your DNS provider account, or choose manual DNS and paste the records",
      { fields: { "dns.mode": ["no platform DNS provider configured"] } },
    );
  }
  return { dnsProvider: id, dnsAccountId: null };
}

/**
 * Start DNS for a domain just added by hand (inside the insert's transaction):
 * - managed: provider recorded, status configuring_dns, setup job queued after commit;
 * - manual: DKIM key made, expected records stored (SPF merged with the one the domain already
 *   publishes), status verifying_dns, verification queued after commit.
 * Returns what to enqueue once the transaction committed.
 */
export async function startDomainDns(
  db: DbOrTx,
  domain: Domain,
  choice: DnsChoice,
  settings: DnsSettings | undefined,
): Promise<() => Promise<void>> {
  assertRedirectConfigured(settings);
  if (choice.mode === "managed") {
    const target = await managedTarget(db, domain.workspaceId, choice.accountId);
    await db
      .update(domains)
      .set({
        ...target,
        dnsMode: "managed",
        dnsSettings: settings ?? null,
        status: "configuring_dns",
        dnsProgress: null,
        updatedAt: new Date(),
      })
      .where(eq(domains.id, domain.id));
    return () => queueSetup(domain.id);
  }
  const [row] = await db
    .update(domains)
    .set({
      dnsMode: "manual",
      dnsProvider: null,
      dnsAccountId: null,
      dnsSettings: settings ?? null,
      updatedAt: new Date(),
    })
    .where(eq(domains.id, domain.id))
    .returning();
  await prepareManualRecords(db, row!);
  return () => queueVerify(domain.id);
}

/** Manual DNS: the records to paste, checked for the SPF lookup limit, stored; verification starts. */
async function prepareManualRecords(db: DbOrTx, initial: Domain, dropSpfTerms: string[] = []) {
  let domain = await ensureSettings(db, initial, { defaultTrackingHost: false });
  domain = await ensureDkimKey(db, domain);
  const servers = parseServerList(env().DNS_RESOLVERS);
  const resolver = servers.length ? dnsResolver(servers) : null;
  // the SPF the domain publishes now, so the record to paste replaces it instead of adding a second
  const existingSpf = resolver
    ? (await resolver.txt(domain.name).catch(() => [] as string[]))
        .filter(isSpf)
        .map((r) => removeSpfTerms(r, dropSpfTerms))
    : [];
  const desired = expectedRecords(domain, { existingSpf });
  const spf = desired.find((r) => r.purpose === "spf")!;
  if (resolver) {
    const count = await countSpfLookups(spf.content, domain.name, resolver);
    if (count.lookups > SPF_LOOKUP_LIMIT) {
      throw new AppError(
        "validation",
        `SPF would need ${count.lookups} DNS lookups (receivers allow ${SPF_LOOKUP_LIMIT}): "${spf.content}". Remove includes from the existing record or choose fewer SPF hosts.`,
        { fields: { "settings.spf": ["too many DNS lookups"] } },
      );
    }
  }
  await storeExpectedRecords(db, domain, desired);
  const progress: DnsSetupProgress = {
    steps: [
      {
        key: "records",
        label: "Records to paste",
        state: "done",
        detail: `publish these ${desired.length} records at the domain's DNS host`,
      },
      { key: "verify", label: "Propagation", state: "running", detail: "waiting for the records to show" },
    ],
    startedAt: new Date().toISOString(),
  };
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
}

// No dedupe: each is a user's action after a change, and both jobs are idempotent (setup runs under
// a per-domain lock; a verification only reads and settles).
const queueSetup = async (domainId: string) => {
  await enqueue("domains.setup-dns", { domainId });
};
const queueVerify = async (domainId: string) => {
  await enqueue("domains.verify-dns", { domainId });
};

/** PUT /dns/settings: store the choices and apply them (setup again, or new records to paste). */
export async function updateDnsSettings(db: Db, workspaceId: string, id: string, settings: DnsSettings) {
  assertRedirectConfigured(settings);
  const domain = await ownDomain(db, workspaceId, id);
  if (!domain.dnsMode) {
    throw new AppError(
      "validation",
      `${domain.name} has no DNS set up here: add it with managed or manual DNS`,
    );
  }
  // the SPF terms the previous choice added and the new one does not want come out of the record
  const before = domain.dnsSettings?.spf ? spfTerms(domain.dnsSettings.spf) : [];
  const now = spfTerms(settings.spf ?? (await defaultSpf(db, domain)));
  const dropped = before.filter((t) => !now.some((n) => n.toLowerCase() === t.toLowerCase()));
  if (domain.dnsMode === "managed" && dropped.length) await removeFromZoneSpf(db, domain, dropped);
  const after = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(domains)
      .set({ dnsSettings: settings, updatedAt: new Date() })
      .where(eq(domains.id, id))
      .returning();
    if (row!.dnsMode === "manual") {
      await prepareManualRecords(tx, row!, dropped);
      return () => queueVerify(id);
    }
    await tx
      .update(domains)
      .set({ status: "configuring_dns", updatedAt: new Date() })
      .where(and(eq(domains.id, id), eq(domains.dnsMode, "managed")));
    return () => queueSetup(id);
  });
  await after();
  return getDomainDns(db, workspaceId, id);
}

/** Take `terms` out of the SPF record the domain's zone publishes (the rest of the record stays). */
async function removeFromZoneSpf(db: DbOrTx, domain: Domain, terms: string[]) {
  try {
    const { provider } = await dnsProviderFor(db, domain);
    const zone = await provider.ensureZone(domain.name);
    const txt = await provider.listRecords(zone, { name: domain.name, type: "TXT" });
    const next = txt.map((r) => (isSpf(r.content) ? { ...r, content: removeSpfTerms(r.content, terms) } : r));
    if (next.some((r, i) => r.content !== txt[i]!.content)) {
      await provider.upsertRecordSet(zone, domain.name, "TXT", next);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      "unavailable",
      `The DNS provider could not update the SPF record: ${(err as Error).message}`,
    );
  }
}

/** POST /dns/setup: run setup again (managed DNS only). */
export async function startDnsSetup(db: Db, workspaceId: string, id: string) {
  const domain = await ownDomain(db, workspaceId, id);
  if (domain.dnsMode !== "managed") {
    throw new AppError(
      "validation",
      domain.dnsMode === "manual"
        ? `${domain.name} uses manual DNS: paste the records shown, then check`
        : `${domain.name} has no DNS provider connected`,
    );
  }
  if (["pending_payment", "paid", "registering", "failed", "cancelled"].includes(domain.status)) {
    throw new AppError("conflict", `${domain.name} is ${domain.status}: DNS is set up once it is registered`);
  }
  await queueSetup(id);
  return getDomainDns(db, workspaceId, id);
}
