import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, domainOrderItems, domains } from "@/lib/db/schema";

/**
 * When and how renewals are charged. The registrar's auto-renew charges the platform up to 30 days
 * before expiry (Cloudflare), so the customer is charged RENEWAL_CHARGE_DAYS (45) before it, a
 * failed charge is retried RETRIES times RETRY_DAYS apart, and after the last failure auto-renew is
 * turned off (day 36 by default: before the registrar would charge us).
 */
export const RETRIES = 3;
export const MAX_ATTEMPTS = 1 + RETRIES;
export const RETRY_DAYS = 3;
/** a paid period the registrar has not renewed this long after it ended is refunded */
export const REFUND_AFTER_DAYS = 7;
/** how long a claimed charge is held before another worker may take it over (a crash mid-call) */
export const CHARGE_LEASE_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;

export const chargeWindowMs = () => env().RENEWAL_CHARGE_DAYS * DAY_MS;
export const retryDelayMs = () => RETRY_DAYS * DAY_MS;

/** Domains whose renewal Coldframe bills: bought here, through the platform's own registrar account. */
export const billedRenewal = () =>
  and(
    eq(domains.source, "purchased"),
    isNull(domains.registrarAccountId),
    inArray(domains.status, ["registered", "configuring_dns", "verifying_dns", "active"]),
  );

/**
 * The Stripe idempotency key of one attempt. Stripe stores a declined request's answer under its
 * key for 24 hours, so each attempt after a decline needs its own key (else "retry charge" right
 * after a decline replays the decline); an attempt whose outcome is unknown (a lost connection)
 * is repeated with the same key, so a charge that went through is never made twice.
 */
export const renewalChargeKey = (domainId: string, periodExpiresAt: Date, attempt: number) =>
  `renewal:${domainId}:${periodExpiresAt.toISOString().slice(0, 10)}${attempt > 1 ? `:${attempt}` : ""}`;

/**
 * One year's renewal price for the customer: the latest order line's renewal price; for a line
 * without one (bought before renewal prices were quoted), its term price per year; else the price
 * the domain was bought at.
 */
export async function renewalPriceOf(
  db: DbOrTx,
  domain: Domain,
): Promise<{ amountCents: number; currency: string } | null> {
  const [item] = await db
    .select()
    .from(domainOrderItems)
    .where(eq(domainOrderItems.domainId, domain.id))
    .orderBy(desc(domainOrderItems.createdAt))
    .limit(1);
  if (item)
    return {
      amountCents: item.renewalPriceCents ?? Math.round(item.priceCents / Math.max(1, item.years)),
      currency: item.currency,
    };
  if (domain.priceCents != null && domain.currency)
    return { amountCents: domain.priceCents, currency: domain.currency };
  return null;
}
