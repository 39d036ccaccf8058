import { and, asc, eq } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { type CartItem, cartItems, domains } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { displayName, parseDomainInput } from "./names";
import { checkAvailability, withMarkup } from "./search";

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

export async function addToCart(db: DbOrTx, workspaceId: string, input: string) {
  const parsed = parseDomainInput(input);
  if (!parsed.ok) throw new AppError("validation", `"${input.trim()}" ${parsed.message}`);
  const name = parsed.value.name;
  if (!name)
    throw new AppError("validation", `"${input.trim()}" has no TLD: add one, such as ${input.trim()}.com`);

  const [owned] = await db
    .select({ status: domains.status })
    .from(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.name, name)));
  // a domain waiting in an abandoned checkout may go in again: the next checkout closes that one
  if (owned && !["failed", "cancelled", "pending_payment"].includes(owned.status))
    throw new AppError("conflict", `${displayName(name)} is already one of this workspace's domains`);

  const a = (await checkAvailability(db, workspaceId, [name], { fresh: true })).get(name)!;
  if (a.premium)
    throw new AppError("conflict", `${displayName(name)} is a premium name: premium names are not sold here`);
  if (!a.available)
    throw new AppError(
      "conflict",
      `${displayName(name)} is not available${a.reason ? ` (${a.reason})` : ""}`,
    );
  if (a.registrationCents === null || !a.authoritative)
    throw new AppError(
      "conflict",
      `${displayName(name)} looks free, but no registrar is configured to sell it (availability is only a hint)`,
    );

  const current = await listCart(db, workspaceId);
  const currency = a.currency.toLowerCase();
  if (
    current.items.length > 0 &&
    current.currency !== currency &&
    !current.items.some((i) => i.name === name)
  )
    throw new AppError(
      "conflict",
      `${displayName(name)} is priced in ${currency}, the cart in ${current.currency}`,
    );

  const values = {
    registrar: a.registrar,
    years: 1,
    priceCents: withMarkup(a.registrationCents),
    costCents: a.registrationCents,
    currency,
  };
  const [row] = await db
    .insert(cartItems)
    .values({ id: crypto.randomUUID(), workspaceId, name, ...values })
    .onConflictDoUpdate({ target: [cartItems.workspaceId, cartItems.name], set: values })
    .returning();
  return toCartItemView(row!);
}

export async function removeFromCart(db: DbOrTx, workspaceId: string, id: string) {
  const removed = await db
    .delete(cartItems)
    .where(and(eq(cartItems.workspaceId, workspaceId), eq(cartItems.id, id)))
    .returning({ id: cartItems.id });
  if (removed.length === 0) throw notFound("cart item");
}

export async function clearCart(db: DbOrTx, workspaceId: string) {
  await db.delete(cartItems).where(eq(cartItems.workspaceId, workspaceId));
}
