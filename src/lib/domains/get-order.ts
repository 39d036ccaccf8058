import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { findWorkspaceRow } from "@/lib/db/find-workspace-row";
import { domainOrderItems, domainOrders, domains } from "@/lib/db/schema";
import { dnsNoteFor } from "./cart-item-view";
import { cartRegistrar } from "./cart-registrar";
import { displayName } from "./names";
import { orderFields } from "./order-fields";

export async function getOrder(db: DbOrTx, workspaceId: string, id: string) {
  const order = await findWorkspaceRow(db, domainOrders, workspaceId, id, "order");
  const items = await db
    .select({ item: domainOrderItems, domain: domains })
    .from(domainOrderItems)
    .leftJoin(domains, eq(domains.id, domainOrderItems.domainId))
    .where(eq(domainOrderItems.orderId, id))
    .orderBy(asc(domainOrderItems.name));
  // where each line's DNS lives, said once per registrar account (Cloudflare keeps its nameservers)
  const notes = new Map<string, string | null>();
  for (const { item, domain } of items) {
    const key = `${item.registrar}|${domain?.registrarAccountId ?? ""}`;
    if (notes.has(key)) continue;
    const registrar = await cartRegistrar(db, {
      registrar: item.registrar,
      registrarAccountId: domain?.registrarAccountId ?? null,
    });
    notes.set(key, dnsNoteFor(registrar?.capabilities));
  }
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
        years: item.years,
        renewalPriceCents: item.renewalPriceCents,
        registrar: item.registrar,
        dnsNote: notes.get(`${item.registrar}|${domain?.registrarAccountId ?? ""}`) ?? null,
        refundedCents: item.refundedCents,
        domainId: item.domainId,
        domainStatus: mine?.status ?? null,
        domainStatusReason: mine?.statusReason ?? null,
        registeredAt: mine?.registeredAt?.toISOString() ?? null,
      };
    }),
  };
}
