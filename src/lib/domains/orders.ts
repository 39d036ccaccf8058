import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type DomainOrder, domainOrderItems, domainOrders, domains } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { displayName } from "./names";

/** Domain orders as the customer sees them: what was paid, and where each domain has got to. */
const orderFields = (o: DomainOrder) => ({
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

export async function listOrders(db: DbOrTx, workspaceId: string) {
  const orders = await db
    .select()
    .from(domainOrders)
    .where(eq(domainOrders.workspaceId, workspaceId))
    .orderBy(desc(domainOrders.createdAt))
    .limit(200);
  const items = orders.length
    ? await db
        .select({ orderId: domainOrderItems.orderId, name: domainOrderItems.name })
        .from(domainOrderItems)
        .where(
          inArray(
            domainOrderItems.orderId,
            orders.map((o) => o.id),
          ),
        )
        .orderBy(asc(domainOrderItems.name))
    : [];
  return {
    orders: orders.map((o) => {
      const names = items.filter((i) => i.orderId === o.id).map((i) => displayName(i.name));
      return { ...orderFields(o), domainCount: names.length, names };
    }),
  };
}

export async function getOrder(db: DbOrTx, workspaceId: string, id: string) {
  const [order] = await db
    .select()
    .from(domainOrders)
    .where(and(eq(domainOrders.workspaceId, workspaceId), eq(domainOrders.id, id)));
  if (!order) throw notFound("order");
  const items = await db
    .select({ item: domainOrderItems, domain: domains })
    .from(domainOrderItems)
    .leftJoin(domains, eq(domains.id, domainOrderItems.domainId))
    .where(eq(domainOrderItems.orderId, id))
    .orderBy(asc(domainOrderItems.name));
  return {
    ...orderFields(order),
    items: items.map(({ item, domain }) => {
      // a domain row reused by a later order no longer describes this order's line
      const mine = domain && domain.orderId === order.id ? domain : null;
      return {
        id: item.id,
        name: item.name,
        displayName: displayName(item.name),
        priceCents: item.priceCents,
        refundedCents: item.refundedCents,
        domainId: item.domainId,
        domainStatus: mine?.status ?? null,
        domainStatusReason: mine?.statusReason ?? null,
        registeredAt: mine?.registeredAt?.toISOString() ?? null,
      };
    }),
  };
}
