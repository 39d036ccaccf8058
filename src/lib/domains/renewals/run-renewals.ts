import { and, eq, gt, gte, isNull, lte, ne, or } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { Db } from "@/lib/db/client";
import { type Domain, type DomainRenewal, domainRenewals, domains } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { RegistrarId } from "@/lib/registrars/types";
import { chargeRenewal } from "./charge-renewal";
import { lapseRenewal } from "./lapse-renewal";
import { refundRenewal } from "./refund-renewal";
import { billedRenewal, chargeWindowMs, MAX_ATTEMPTS, REFUND_AFTER_DAYS } from "./renewal-policy";
import { restoreAutoRenew } from "./restore-auto-renew";

export type RenewalSweep = {
  charged: number;
  failed: number;
  refreshed: number;
  refunded: number;
  lapsed: number;
  restored: number;
  errors: number;
};

/**
 * Cron `domains.renewals`: charge every renewal that is due (expiring within RENEWAL_CHARGE_DAYS
 * and not charged for this expiry) or due again (a failed charge after RETRY_DAYS), move the expiry
 * of domains the registrar has renewed, and finish what an earlier run left half-done (auto-renew
 * off after the last failed attempt, or back on after a paid one). Safe on two workers at once:
 * each charge is claimed through the (domain, expiry) unique key first. One domain's error is
 * logged and the others go on.
 */
export async function runRenewals(db: Db, opts: { now?: Date } = {}): Promise<RenewalSweep> {
  const now = opts.now ?? new Date();
  const sweep: RenewalSweep = {
    charged: 0,
    failed: 0,
    refreshed: 0,
    refunded: 0,
    lapsed: 0,
    restored: 0,
    errors: 0,
  };
  // without Stripe nothing is sold, so nothing is billed (and no domain may be lapsed for it)
  if (!env().STRIPE_SECRET_KEY) return sweep;
  const each = async (rows: { domains: Domain }[], fn: (d: Domain) => Promise<void>) => {
    for (const { domains: d } of rows) {
      try {
        await fn(d);
      } catch (err) {
        sweep.errors++;
        logger.warn({ err, domainId: d.id }, "renewal sweep: domain left for the next run");
      }
    }
  };
  const currentPeriod = and(
    eq(domainRenewals.domainId, domains.id),
    eq(domainRenewals.periodExpiresAt, domains.expiresAt),
  );

  // 1. renewed by the registrar: the period charged has passed, the registrar has the new expiry
  const past = await db
    .select()
    .from(domains)
    .innerJoin(domainRenewals, currentPeriod)
    .where(and(billedRenewal(), lte(domains.expiresAt, now), eq(domainRenewals.status, "charged")));
  for (const row of past)
    await each([row], async (d) => {
      const outcome = await refreshExpiry(db, d, row.domain_renewals, now);
      if (outcome === "moved") sweep.refreshed++;
      if (outcome === "refunded") sweep.refunded++;
    });

  // 2. due: never charged for this expiry, or a failed / abandoned charge whose time has come
  const due = await db
    .select()
    .from(domains)
    .leftJoin(domainRenewals, currentPeriod)
    .where(
      and(
        billedRenewal(),
        or(isNull(domains.renewalStatus), ne(domains.renewalStatus, "lapsing")),
        gt(domains.expiresAt, now),
        lte(domains.expiresAt, new Date(now.getTime() + chargeWindowMs())),
        or(
          isNull(domainRenewals.id),
          and(eq(domainRenewals.status, "failed"), lte(domainRenewals.nextAttemptAt, now)),
          and(eq(domainRenewals.status, "charging"), lte(domainRenewals.nextAttemptAt, now)),
        ),
      ),
    );
  await each(due, async (d) => {
    const result = await chargeRenewal(db, d, { now });
    if (result.outcome === "charged") sweep.charged++;
    if (result.outcome === "failed") sweep.failed++;
  });

  // 3. half-done: the last attempt failed but auto-renew is still on, or paid while lapsing
  const toLapse = await db
    .select()
    .from(domains)
    .innerJoin(domainRenewals, currentPeriod)
    .where(
      and(
        billedRenewal(),
        or(isNull(domains.renewalStatus), ne(domains.renewalStatus, "lapsing")),
        eq(domainRenewals.status, "failed"),
        gte(domainRenewals.attempts, MAX_ATTEMPTS),
      ),
    );
  for (const row of toLapse)
    await each([row], async (d) => {
      await lapseRenewal(db, d, row.domain_renewals);
      sweep.lapsed++;
    });
  const toRestore = await db
    .select()
    .from(domains)
    .innerJoin(domainRenewals, currentPeriod)
    .where(and(billedRenewal(), eq(domains.renewalStatus, "lapsing"), eq(domainRenewals.status, "charged")));
  await each(toRestore, async (d) => {
    await restoreAutoRenew(db, d);
    sweep.restored++;
  });
  return sweep;
}

/**
 * The registrar's expiry, once it is later than the one on record (its auto-renew ran). A period
 * paid for that the registrar has still not renewed REFUND_AFTER_DAYS after it ended (the domain
 * left the account, or the registrar could not charge the platform) is refunded to the customer.
 */
async function refreshExpiry(
  db: Db,
  domain: Domain,
  renewal: DomainRenewal,
  now: Date,
): Promise<"moved" | "refunded" | "waiting"> {
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });
  const held = await registrar.getDomain(domain.name);
  const period = renewal.periodExpiresAt;
  if (held?.expiresAt && held.expiresAt > period) {
    const moved = await db
      .update(domains)
      .set({ expiresAt: held.expiresAt, updatedAt: new Date() })
      .where(and(eq(domains.id, domain.id), eq(domains.expiresAt, period)))
      .returning({ id: domains.id });
    return moved.length > 0 ? "moved" : "waiting";
  }
  if (now.getTime() < period.getTime() + REFUND_AFTER_DAYS * 24 * 3600_000) return "waiting";
  await refundRenewal(db, renewal, `${domain.name} was not renewed by the registrar`);
  return "refunded";
}
