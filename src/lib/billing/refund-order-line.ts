import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type DomainOrderItem, domainOrderItems, domainOrders } from "@/lib/db/schema";
import { stripeClient } from "./stripe-client";

export type LineRefund = { id: string; amount: number };

/**
 * Refund one order line in full through Stripe. The idempotency key is the line's id, never the
 * domain's: a domain row is reused when its name is checked out again, and Stripe refuses a key
 * reused with other parameters for 24 hours (the second order's customer would never be refunded).
 * A retry of this line, on any worker, gets the same refund back. Null when nothing was charged.
 */
export async function refundOrderLine(
  item: DomainOrderItem,
  paymentIntentId: string | null,
  metadata: Record<string, string> = {},
): Promise<LineRefund | null> {
  if (item.refundId) return { id: item.refundId, amount: item.refundedCents };
  if (!paymentIntentId || item.priceCents <= 0) return null;
  const refund = await stripeClient().refunds.create(
    {
      payment_intent: paymentIntentId,
      amount: item.priceCents,
      metadata: { orderId: item.orderId, orderItemId: item.id, domain: item.name, ...metadata },
    },
    { idempotencyKey: `refund:${item.id}` },
  );
  return { id: refund.id, amount: refund.amount };
}

/** The refund on its line, and the order's refunded total as the sum of its lines' refunds. */
export async function recordLineRefund(tx: DbOrTx, item: DomainOrderItem, refund: LineRefund) {
  await tx
    .update(domainOrderItems)
    .set({ refundId: refund.id, refundedCents: refund.amount })
    .where(eq(domainOrderItems.id, item.id));
  // charge.refunded may have brought a larger running total already: keep the largest
  await tx
    .update(domainOrders)
    .set({
      refundedCents: sql`greatest(${domainOrders.refundedCents}, (select coalesce(sum(${domainOrderItems.refundedCents}), 0) from ${domainOrderItems} where ${domainOrderItems.orderId} = ${item.orderId}))`,
      updatedAt: new Date(),
    })
    .where(eq(domainOrders.id, item.orderId));
}
