import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Domain, type DomainDnsRecord, domains } from "@/lib/db/schema";
import type { Logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";
import { checkPropagation } from "./check-propagation";

const VERIFY_GIVE_UP_MS = 48 * 3600_000;
const MIN_DELAY_MS = 15_000;
const MAX_DELAY_MS = 30 * 60_000;

/**
 * The domains.verify-dns job: all records propagated → `active` and a health check; otherwise
 * check again later (15 s, growing to 30 min) until 48 hours after verification started, then
 * stop with the missing records named in statusReason (the domain stays verifying_dns; "check now"
 * or a new setup starts over).
 */
export async function runDnsVerification(db: Db, domainId: string, ctx: { log: Logger }): Promise<void> {
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
