import type { DomainOrder } from "@/lib/db/schema";

/** Domain orders as the customer sees them: what was paid, and where each domain has got to. */
export const orderFields = (o: DomainOrder) => ({
  id: o.id,
  status: o.status,
  statusReason: o.statusReason,
  totalCents: o.totalCents,
  refundedCents: o.refundedCents,
  currency: o.currency,
  createdAt: o.createdAt.toISOString(),
  paidAt: o.paidAt?.toISOString() ?? null,
  checkoutUrl: o.status === "pending_payment" ? o.stripeCheckoutUrl : null,
});
