import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domainOrderItems, domainOrders } from "@/lib/db/schema";
import { displayName } from "./names";
import { orderFields } from "./order-fields";

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
