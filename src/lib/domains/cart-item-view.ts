import type { CartItem } from "@/lib/db/schema";
import { displayName } from "./names";

/**
 * The workspace's cart: domains it means to buy, each with the price quoted when added. Adding
 * asks the registrar again (no cache): only names that can be bought now, at a known price, go in.
 */
export const toCartItemView = (c: CartItem) => ({
  id: c.id,
  name: c.name,
  displayName: displayName(c.name),
  priceCents: c.priceCents,
  currency: c.currency,
  registrar: c.registrar,
  years: c.years,
  createdAt: c.createdAt.toISOString(),
});
