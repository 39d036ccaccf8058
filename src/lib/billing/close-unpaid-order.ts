import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domainOrders, domains } from "@/lib/db/schema";

/**
 * An order that will never be paid (checkout expired, payment failed, Stripe refused the session):
 * the order is closed with the reason and its domains cancelled, in one transaction. Only an
 * order still waiting for payment changes: a paid one is never undone by a late event.
 */
export async function closeUnpaidOrder(
  db: DbOrTx,
  orderId: string,
  status: "failed" | "expired",
  reason: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const closed = await tx
      .update(domainOrders)
      .set({ status, statusReason: reason, stripeCheckoutUrl: null, updatedAt: new Date() })
      .where(and(eq(domainOrders.id, orderId), eq(domainOrders.status, "pending_payment")))
      .returning({ id: domainOrders.id });
    if (closed.length === 0) return false;
    await tx
      .update(domains)
      .set({ status: "cancelled", statusReason: reason, updatedAt: sql`now()` })
      .where(and(eq(domains.orderId, orderId), eq(domains.status, "pending_payment")));
    return true;
  });
}
