import { and, eq, lt, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, type DomainRenewal, domainRenewals } from "@/lib/db/schema";
import { CHARGE_LEASE_MS, MAX_ATTEMPTS } from "./renewal-policy";

/**
 * Take the charge of `domain`'s renewal period for this caller, or null when it is not this
 * caller's to make: already charged, in flight elsewhere, or a failed one not due again yet. The
 * first charge of a period is an insert into the (domain, period) unique key, so two sweeps at once
 * make one row and one charge; a failed or abandoned one is taken back with a conditional update.
 * `manual` (the customer's "retry charge") takes a failed charge at once, even after the last
 * automatic attempt.
 */
export async function claimRenewalCharge(
  db: DbOrTx,
  domain: Domain,
  price: { amountCents: number; currency: string },
  opts: { manual?: boolean; now?: Date } = {},
): Promise<DomainRenewal | null> {
  const now = opts.now ?? new Date();
  const period = domain.expiresAt!;
  const lease = new Date(now.getTime() + CHARGE_LEASE_MS);
  const [inserted] = await db
    .insert(domainRenewals)
    .values({
      id: crypto.randomUUID(),
      domainId: domain.id,
      workspaceId: domain.workspaceId,
      periodExpiresAt: period,
      amountCents: price.amountCents,
      currency: price.currency,
      status: "charging",
      nextAttemptAt: lease,
    })
    .onConflictDoNothing({ target: [domainRenewals.domainId, domainRenewals.periodExpiresAt] })
    .returning();
  if (inserted) return inserted;

  const failedAndDue = opts.manual
    ? eq(domainRenewals.status, "failed")
    : and(
        eq(domainRenewals.status, "failed"),
        lt(domainRenewals.attempts, MAX_ATTEMPTS),
        lte(domainRenewals.nextAttemptAt, now),
      );
  // a claim whose worker died mid-call: its lease ran out, the same attempt is made again
  const abandoned = and(eq(domainRenewals.status, "charging"), lte(domainRenewals.nextAttemptAt, now));
  const [taken] = await db
    .update(domainRenewals)
    .set({ status: "charging", nextAttemptAt: lease, updatedAt: sql`now()` })
    .where(
      and(
        eq(domainRenewals.domainId, domain.id),
        eq(domainRenewals.periodExpiresAt, period),
        or(failedAndDue, abandoned),
      ),
    )
    .returning();
  return taken ?? null;
}
