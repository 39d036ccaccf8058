import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems, domains } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { toCartItemView } from "./cart-item-view";
import { checkAvailability } from "./check-availability";
import { listCart } from "./list-cart";
import { displayName, parseDomainInput } from "./names";
import { withMarkup } from "./with-markup";

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
