import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import type { Logger } from "@/lib/logger";
import { checkDomainHealth } from "./check-domain-health";

/** Domains that exist at a registrar: the ones a check means something for. */
const CHECKABLE = ["registered", "configuring_dns", "verifying_dns", "active"] as const;

/** Job `domains.health-check`. A domain removed or not yet registered is left alone. */
export async function runHealthCheck(db: Db, domainId: string, ctx: { log: Logger }): Promise<void> {
  const [domain] = await db.select({ status: domains.status }).from(domains).where(eq(domains.id, domainId));
  if (!domain || !(CHECKABLE as readonly string[]).includes(domain.status)) {
    ctx.log.info({ domainId, status: domain?.status }, "health check skipped: domain gone or not registered");
    return;
  }
  const check = await checkDomainHealth(db, domainId);
  ctx.log.info({ domainId, score: check.score, state: check.state }, "domain health checked");
}
