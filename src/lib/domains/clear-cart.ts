import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems } from "@/lib/db/schema";

export async function clearCart(db: DbOrTx, workspaceId: string) {
  await db.delete(cartItems).where(eq(cartItems.workspaceId, workspaceId));
}
