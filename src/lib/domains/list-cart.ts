import { asc, eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems } from "@/lib/db/schema";
import { toCartItemView } from "./cart-item-view";

export async function listCart(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(cartItems)
    .where(eq(cartItems.workspaceId, workspaceId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.name));
  return {
    items: rows.map(toCartItemView),
    totalCents: rows.reduce((s, r) => s + r.priceCents, 0),
    currency: rows[0]?.currency ?? env().DOMAIN_CURRENCY,
  };
}
