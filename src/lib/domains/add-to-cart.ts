import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { cartItems, domains } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ExtensionField } from "@/lib/registrars/types";
import { toCartItemView } from "./cart-item-view";
import { cartRegistrar } from "./cart-registrar";
import { checkAvailability } from "./check-availability";
import { firstTermQuote } from "./first-term-quote";
import { displayName, parseDomainInput } from "./names";

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
  if (a.rules && !a.rules.sellable)
    throw new AppError("conflict", `.${a.rules.tld} is ${a.reason ?? "not sold yet"}`);
  if (!a.available)
    throw new AppError(
      "conflict",
      `${displayName(name)} is not available${a.reason ? ` (${a.reason})` : ""}`,
    );
  if (a.registrationCents === null || !a.authoritative || !a.rules)
    throw new AppError(
      "conflict",
      `${displayName(name)} looks free, but no registrar is configured to sell it (availability is only a hint)`,
    );

  const currency = a.currency.toLowerCase();
  const [other] = await db
    .select({ currency: cartItems.currency })
    .from(cartItems)
    .where(
      and(eq(cartItems.workspaceId, workspaceId), ne(cartItems.name, name), ne(cartItems.currency, currency)),
    )
    .limit(1);
  if (other)
    throw new AppError(
      "conflict",
      `${displayName(name)} is priced in ${currency}, the cart in ${other.currency}`,
    );

  // the TLD's minimum term is what is bought (.ai: 2 years), priced and shown as such
  const quote = firstTermQuote(
    { registrationCents: a.registrationCents, renewalCents: a.renewalCents },
    a.rules,
  );
  const values = {
    registrar: a.registrar,
    registrarAccountId: a.accountId,
    ...quote,
    extensionFields: a.rules.extensionFields,
    currency,
  };
  // adding again re-quotes; details already given stay, minus any the TLD no longer asks for
  const [before] = await db
    .select({ extensionValues: cartItems.extensionValues })
    .from(cartItems)
    .where(and(eq(cartItems.workspaceId, workspaceId), eq(cartItems.name, name)));
  const kept = keepKnown(before?.extensionValues, a.rules.extensionFields);
  const [row] = await db
    .insert(cartItems)
    .values({ id: crypto.randomUUID(), workspaceId, name, ...values })
    .onConflictDoUpdate({
      target: [cartItems.workspaceId, cartItems.name],
      set: { ...values, extensionValues: kept },
    })
    .returning();
  return toCartItemView(row!, (await cartRegistrar(db, row!))?.capabilities);
}

function keepKnown(values: Record<string, string> | null | undefined, fields: ExtensionField[]) {
  const kept = Object.fromEntries(fields.flatMap((f) => (values?.[f.key] ? [[f.key, values[f.key]!]] : [])));
  return Object.keys(kept).length > 0 ? kept : null;
}
