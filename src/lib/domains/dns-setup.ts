import { eq } from "drizzle-orm";
import { advisoryLock } from "@/lib/db/advisory-lock";
import type { Db } from "@/lib/db/client";
import { type Domain, domains } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { dnsProviderFor } from "./dns-provider-for";
import { createZone } from "./dns-setup-steps/create-zone";
import { pointNameservers } from "./dns-setup-steps/point-nameservers";
import { publishDkim } from "./dns-setup-steps/publish-dkim";
import { publishDmarc } from "./dns-setup-steps/publish-dmarc";
import { publishMx } from "./dns-setup-steps/publish-mx";
import { publishRedirect } from "./dns-setup-steps/publish-redirect";
import { DnsSetupRefused, publishSpf } from "./dns-setup-steps/publish-spf";
import { publishTracking } from "./dns-setup-steps/publish-tracking";
import { removeUnwantedRecords } from "./dns-setup-steps/remove-unwanted-records";
import { type SetupProgress, setupProgress } from "./dns-setup-steps/setup-progress";
import { startVerification } from "./dns-setup-steps/start-verification";
import { ensureDkimKey } from "./ensure-dkim-key";
import { ensureSettings } from "./ensure-settings";

/**
 * setupDomainDns (DESIGN.md), the domains.setup-dns job: zone → nameservers at the registrar →
 * SPF → DKIM → DMARC → MX → tracking CNAME → redirect, each a visible step in
 * domains.dns_progress (./dns-setup-steps, one file a step); the records the domain should have
 * are stored in domain_dns_records and the verification job takes over.
 *
 * Idempotent, convergent: each record set is read first and written only when it differs, so a
 * second run changes nothing (not even the zone's serial). Two runs for one domain never overlap
 * (a per-domain advisory lock); the second waits and then converges to the same zone.
 */
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
    const progress = setupProgress(db, domain.id);
    try {
      await runSteps(db, domain, progress, opts.log);
      return { state: "done" };
    } catch (err) {
      return await setupFailed(db, domain, progress, err, opts.log);
    }
  } finally {
    await lock.release();
  }
}

async function runSteps(db: Db, initial: Domain, progress: SetupProgress, log?: Logger) {
  await db
    .update(domains)
    .set({
      status: "configuring_dns",
      statusReason: null,
      dnsMode: "managed",
      dnsProgress: progress.value,
      updatedAt: new Date(),
    })
    .where(eq(domains.id, initial.id));

  const dns = await dnsProviderFor(db, initial);
  const { provider, providerId } = dns;
  await progress.start("zone");
  const { zone, detail } = await createZone(db, initial, dns);
  await progress.done("zone", detail);
  await progress.run("nameservers", () => pointNameservers(db, initial, zone, providerId));

  // purchased domains get track.<domain>; a domain added by hand keeps the tracking host it was given
  let domain = await ensureSettings(db, (await load(db, initial.id))!, {
    defaultTrackingHost: initial.source === "purchased",
  });
  domain = await ensureDkimKey(db, domain);

  await progress.start("spf");
  const spf = await publishSpf(provider, zone, domain);
  await progress.done("spf", spf.detail);

  const ctx = { db, domain, provider, zone, desired: spf.desired };
  await progress.run("dkim", () => publishDkim(ctx));
  await progress.run("dmarc", () => publishDmarc(ctx));
  await progress.run("mx", () => publishMx(ctx));
  await progress.run("tracking", () => publishTracking(ctx));
  await progress.run("redirect", () => publishRedirect(ctx));
  const removed = await removeUnwantedRecords(ctx);
  if (removed.length) log?.info({ domain: domain.name, removed }, "records no longer wanted removed");
  await startVerification(ctx, progress);
  log?.info({ domain: domain.name }, "DNS set up; verification queued");
}

/** The failed step and the domain carry the reason; a refusal (settings the user must change) is
 * not retried, anything else is, by the queue. */
async function setupFailed(db: Db, domain: Domain, progress: SetupProgress, err: unknown, log?: Logger) {
  const message = err instanceof Error ? err.message : String(err);
  progress.fail(message);
  await db
    .update(domains)
    .set({ statusReason: message, dnsProgress: progress.value, updatedAt: new Date() })
    .where(eq(domains.id, domain.id));
  if (err instanceof DnsSetupRefused || (err instanceof AppError && err.code === "validation")) {
    log?.warn({ domain: domain.name, reason: message }, "DNS setup refused");
    return { state: "refused" as const, reason: message };
  }
  throw err;
}

async function load(db: Db, id: string): Promise<Domain | undefined> {
  const [row] = await db.select().from(domains).where(eq(domains.id, id));
  return row;
}
