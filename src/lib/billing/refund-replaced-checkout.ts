import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { domainOrderItems, domainOrders, domains } from "@/lib/db/schema";
import { recordLineRefund, refundOrderLine } from "./refund-order-line";
import { stripeClient } from "./stripe-client";

export const REPLACED_AND_REFUNDED =
  "Paid after a newer checkout of the same domains replaced this one: nothing was bought here and the payment was refunded in full.";

/**
 * A checkout replaced by a newer one (its domains moved there) whose Stripe session could not be
 * expired and was paid anyway. Its lines can no longer be delivered here, and honouring them would
 * charge the customer twice once the newer checkout is paid: they are refunded.
 * - No domain left on the order: the whole payment is refunded (idempotency key by the order) and
 *   the order is marked `refunded` with the reason.
 * - Some domains left: each moved line is refunded (keyed by the line); the rest are bought.
 * Runs after every delivery of a payment event (repeats find the refunds recorded, and Stripe's
 * idempotency keys give the same refunds back).
 */
export async function refundReplacedCheckout(db: Db, orderId: string): Promise<"none" | "lines" | "order"> {
  const [order] = await db.select().from(domainOrders).where(eq(domainOrders.id, orderId));
  if (!order?.stripePaymentIntentId || !["paid", "completed"].includes(order.status)) return "none";
  const lines = await db
    .select({ item: domainOrderItems, domainOrderId: domains.orderId })
    .from(domainOrderItems)
    .leftJoin(domains, eq(domains.id, domainOrderItems.domainId))
    .where(eq(domainOrderItems.orderId, orderId));
  // moved: the domain row now belongs to another order. A line refunded already (a failed
  // registration whose name was bought again later) is not moved money; a domain row deleted since
  // says nothing about where it went, so it is left alone.
  const moved = lines
    .filter((l) => l.domainOrderId !== null && l.domainOrderId !== orderId && !l.item.refundId)
    .map((l) => l.item);
  if (moved.length === 0) return "none";

  if (moved.length === lines.length) {
    const refund = await stripeClient().refunds.create(
      {
        payment_intent: order.stripePaymentIntentId,
        amount: order.totalCents,
        metadata: { orderId, reason: "replaced_checkout" },
      },
      { idempotencyKey: `refund:order:${orderId}` },
    );
    await db.transaction(async (tx) => {
      await tx
        .update(domainOrders)
        .set({
          status: "refunded",
          statusReason: REPLACED_AND_REFUNDED,
          refundedCents: sql`greatest(${domainOrders.refundedCents}, ${refund.amount})`,
          updatedAt: new Date(),
        })
        .where(and(eq(domainOrders.id, orderId), eq(domainOrders.status, "paid")));
      await tx
        .update(domainOrderItems)
        .set({ refundId: refund.id, refundedCents: domainOrderItems.priceCents })
        .where(eq(domainOrderItems.orderId, orderId));
    });
    return "order";
  }

  for (const item of moved) {
    const refund = await refundOrderLine(item, order.stripePaymentIntentId, { reason: "replaced_checkout" });
    if (refund) await db.transaction((tx) => recordLineRefund(tx, item, refund));
  }
  return "lines";
}
