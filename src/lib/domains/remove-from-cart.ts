import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export async function removeFromCart(db: DbOrTx, workspaceId: string, id: string) {
  const removed = await db
    .delete(cartItems)
    .where(and(eq(cartItems.workspaceId, workspaceId), eq(cartItems.id, id)))
    .returning({ id: cartItems.id });
  if (removed.length === 0) throw notFound("cart item");
}
