import { and, eq } from "drizzle-orm";
import { stripeClient } from "@/lib/billing/stripe-client";
import type { Db } from "@/lib/db/client";
import { type DomainRenewal, domainRenewals } from "@/lib/db/schema";
import { logger } from "@/lib/logger";

/**
 * Give a renewal charge back: the period was paid but not renewed. Keyed by the renewal row, so a
 * repeat (a crash after Stripe answered) returns the same refund instead of a second one.
 */
export async function refundRenewal(db: Db, renewal: DomainRenewal, reason: string): Promise<void> {
  if (renewal.status !== "charged" || !renewal.stripePaymentIntentId) return;
  const refund = await stripeClient().refunds.create(
    {
      payment_intent: renewal.stripePaymentIntentId,
      amount: renewal.amountCents,
      metadata: { domainId: renewal.domainId, renewalId: renewal.id },
    },
    { idempotencyKey: `renewal-refund:${renewal.id}` },
  );
  await db
    .update(domainRenewals)
    .set({ status: "refunded", refundId: refund.id, error: reason, updatedAt: new Date() })
    .where(and(eq(domainRenewals.id, renewal.id), eq(domainRenewals.status, "charged")));
  logger.warn({ domainId: renewal.domainId, renewalId: renewal.id }, "renewal refunded: not renewed");
}
