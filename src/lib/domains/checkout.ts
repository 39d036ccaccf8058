import { and, asc, eq, inArray } from "drizzle-orm";
import { closeUnpaidOrder } from "@/lib/billing/close-unpaid-order";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { stripeClient } from "@/lib/billing/stripe-client";
import { env } from "@/lib/config/env";
import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { Db } from "@/lib/db/client";
import { type CartItem, cartItems, domainOrderItems, domainOrders, domains } from "@/lib/db/schema";
import { AppError, type Problem } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { assertRegistrarsCanTake } from "./assert-registrars-can-take";
import { checkAvailability } from "./check-availability";
import { extensionValuesSchema, missingExtensionFields } from "./extension-values-schema";
import { firstTermQuote } from "./first-term-quote";
import { money } from "./money";
import { displayName } from "./names";

/**
 * Cart → order → Stripe Checkout Session. Every item's availability and cost is asked again first
 * (Cloudflare registrations cannot be refunded, so nothing is charged on a stale quote): a name
 * gone or re-priced is taken out of or updated in the cart, and the caller gets a 409 listing
 * what changed. What could not be delivered whatever the payment (a registrar account's domain cap,
 * a sandbox registration without DNS) is refused first, before any Stripe call. The order, its
 * items and the domain rows are written in one transaction; the cart is emptied only once Stripe
 * has the session.
 */
export async function startCheckout(db: Db, caller: { workspaceId: string; userId: string | null }) {
  stripeClient(); // 503 when payments are not configured, before anything is written
  // one checkout per workspace at a time: a double click must not make two orders of one cart
  const lock = await tryAdvisoryLock(`checkout:${caller.workspaceId}`);
  if (!lock) throw new AppError("conflict", "a checkout of this cart is already in progress");
  try {
    return await checkoutCart(db, caller);
  } finally {
    await lock.release();
  }
}

async function checkoutCart(db: Db, caller: { workspaceId: string; userId: string | null }) {
  const stripe = stripeClient();
  const { workspaceId } = caller;
  // in the cart's own order, so the Stripe page lists the lines as the cart does
  const items = await db
    .select()
    .from(cartItems)
    .where(eq(cartItems.workspaceId, workspaceId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.name));
  if (items.length === 0) throw new AppError("bad_request", "your cart is empty: add domains to buy first");
  await assertRegistrarsCanTake(db, workspaceId, items);

  const { problems, checked } = await recheckCart(db, workspaceId, items);
  if (problems.length > 0)
    throw new AppError(
      "conflict",
      `${problems.length === 1 ? "a domain in your cart needs" : `${problems.length} domains in your cart need`} attention before checkout (changed since added, or details missing): see each one, then try again`,
      { problems },
    );

  const fresh = await db
    .select()
    .from(cartItems)
    .where(eq(cartItems.workspaceId, workspaceId))
    .orderBy(asc(cartItems.createdAt), asc(cartItems.name));
  const orderId = crypto.randomUUID();
  const currency = fresh[0]!.currency;
  const totalCents = fresh.reduce((s, i) => s + i.priceCents, 0);

  await db.transaction(async (tx) => {
    await tx.insert(domainOrders).values({
      id: orderId,
      workspaceId,
      createdByUserId: caller.userId,
      totalCents,
      currency,
    });
    const conflicts: Problem[] = [];
    for (const item of fresh) {
      const domainValues = {
        status: "pending_payment" as const,
        statusReason: null,
        source: "purchased" as const,
        orderId,
        registrar: item.registrar,
        registrarAccountId: checked.get(item.name)?.accountId ?? null,
        registrarOperationId: null,
        stripePaymentIntentId: null,
        priceCents: item.priceCents,
        currency: item.currency,
        refundId: null,
        refundedAt: null,
        updatedAt: new Date(),
      };
      // a domain row of this workspace from an earlier checkout that failed or expired is reused
      const [domain] = await tx
        .insert(domains)
        .values({ id: crypto.randomUUID(), workspaceId, name: item.name, ...domainValues })
        .onConflictDoUpdate({
          target: [domains.workspaceId, domains.name],
          set: domainValues,
          setWhere: inArray(domains.status, ["cancelled", "failed"]),
        })
        .returning({ id: domains.id });
      if (!domain) {
        conflicts.push({
          about: item.name,
          message: `${displayName(item.name)} is already one of your domains`,
        });
        continue;
      }
      await tx.insert(domainOrderItems).values({
        id: crypto.randomUUID(),
        orderId,
        workspaceId,
        domainId: domain.id,
        name: item.name,
        registrar: item.registrar,
        years: item.years,
        priceCents: item.priceCents,
        costCents: item.costCents,
        renewalPriceCents: item.renewalPriceCents,
        renewalCostCents: item.renewalCostCents,
        extensionValues: item.extensionValues,
        currency: item.currency,
      });
    }
    if (conflicts.length > 0) {
      throw new AppError("conflict", "some domains in your cart are already yours", {
        problems: conflicts,
      });
    }
  });

  const appUrl = env().APP_URL.replace(/\/$/, "");
  let session: { id: string; url: string | null };
  try {
    // the workspace as a Stripe customer, so the card is saved for charging renewals off-session
    const customer = await ensureStripeCustomer(db, workspaceId);
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: fresh.map((item) => ({
          quantity: 1,
          price_data: {
            currency: item.currency,
            unit_amount: item.priceCents,
            product_data: {
              name: lineName(item),
              metadata: { domain: item.name },
            },
          },
        })),
        metadata: { orderId, workspaceId },
        client_reference_id: orderId,
        customer,
        payment_intent_data: {
          metadata: { orderId, workspaceId },
          setup_future_usage: "off_session",
        },
        success_url: `${appUrl}/domains/orders/${orderId}?checkout=success`,
        cancel_url: `${appUrl}/domains/cart?checkout=cancelled`,
      },
      { idempotencyKey: orderId },
    );
  } catch (err) {
    logger.warn({ err, orderId }, "Stripe refused the checkout session");
    const reason = `Stripe refused the checkout: ${err instanceof Error ? err.message : String(err)}`;
    await closeUnpaidOrder(db, orderId, "failed", reason);
    throw new AppError("unavailable", reason);
  }
  if (!session.url) {
    await closeUnpaidOrder(db, orderId, "failed", "Stripe returned a checkout session without a URL");
    throw new AppError("unavailable", "Stripe returned a checkout session without a URL");
  }

  await db.transaction(async (tx) => {
    await tx
      .update(domainOrders)
      .set({ stripeCheckoutSessionId: session.id, stripeCheckoutUrl: session.url, updatedAt: new Date() })
      .where(eq(domainOrders.id, orderId));
    await tx.delete(cartItems).where(
      and(
        eq(cartItems.workspaceId, workspaceId),
        inArray(
          cartItems.id,
          fresh.map((i) => i.id),
        ),
      ),
    );
  });
  return { orderId, url: session.url };
}

/**
 * Ask again for every cart item, and for its TLD's rules. Gone (taken, premium, refused, TLD no
 * longer sold) → removed from the cart; cost, term or renewal changed → the cart item re-quoted;
 * the TLD's extra registrant fields changed → the item takes the new ones (values for fields no
 * longer asked are dropped); a required field without a value, or a value the registry's rules
 * now refuse → the item stays, and checkout waits for the customer to fill it in. Domain pending
 * in an earlier unpaid checkout → that checkout is closed so this one can take it. Returns what
 * the customer must look at again.
 */
async function recheckCart(db: Db, workspaceId: string, items: CartItem[]) {
  const problems: Problem[] = [];
  const checked = await checkAvailability(
    db,
    workspaceId,
    items.map((i) => i.name),
    { fresh: true },
  );
  // problems in the order the cart shows its lines (rows come back in no particular order)
  const inCartOrder = [...items].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name),
  );
  for (const item of inCartOrder) {
    const a = checked.get(item.name)!;
    const shown = displayName(item.name);
    if (!a.available || a.premium || a.registrationCents === null || !a.authoritative || !a.rules) {
      await db.delete(cartItems).where(eq(cartItems.id, item.id));
      problems.push({
        about: item.name,
        message: a.premium
          ? `${shown} is now a premium name and cannot be bought here: removed from your cart`
          : `${shown} is no longer available${a.reason ? ` (${a.reason})` : ""}: removed from your cart`,
      });
      continue;
    }
    const quote = firstTermQuote(
      { registrationCents: a.registrationCents, renewalCents: a.renewalCents },
      a.rules,
    );
    const fields = a.rules.extensionFields;
    const values = Object.fromEntries(
      fields.flatMap((f) => (item.extensionValues?.[f.key] ? [[f.key, item.extensionValues[f.key]!]] : [])),
    );
    const requoted =
      quote.costCents !== item.costCents ||
      quote.years !== item.years ||
      quote.renewalCostCents !== item.renewalCostCents ||
      a.registrar !== item.registrar ||
      a.accountId !== item.registrarAccountId ||
      JSON.stringify(fields) !== JSON.stringify(item.extensionFields);
    if (requoted) {
      await db
        .update(cartItems)
        .set({
          ...quote,
          registrar: a.registrar,
          registrarAccountId: a.accountId,
          extensionFields: fields,
          extensionValues: Object.keys(values).length > 0 ? values : null,
        })
        .where(eq(cartItems.id, item.id));
      if (quote.priceCents !== item.priceCents)
        problems.push({
          about: item.name,
          message: `the price of ${shown} changed from ${money(item.priceCents, item.currency)} to ${money(quote.priceCents, item.currency)}${quote.years !== item.years ? ` (now a ${quote.years}-year term)` : ""}`,
        });
      else if (quote.renewalPriceCents !== item.renewalPriceCents && item.renewalPriceCents !== null)
        problems.push({
          about: item.name,
          message: `the renewal price of ${shown} changed from ${money(item.renewalPriceCents, item.currency)} to ${money(quote.renewalPriceCents, item.currency)} a year`,
        });
    }
    // the registry refuses a registration without its required details, after the customer paid
    const missing = missingExtensionFields(fields, values);
    if (missing.length > 0) {
      problems.push({
        about: item.name,
        message: `${shown} needs details before checkout: ${missing.map((f) => f.label).join(", ")}`,
      });
      continue;
    }
    const valid = extensionValuesSchema(fields).safeParse(values);
    if (!valid.success)
      problems.push({
        about: item.name,
        message: `${shown}: ${valid.error.issues.map((i) => i.message).join("; ")}: correct it in your cart`,
      });
  }
  problems.push(...(await releaseUnpaidCheckouts(db, workspaceId, items)));
  return { problems, checked };
}

/**
 * A domain still waiting for payment in an earlier, abandoned checkout: expire that Stripe
 * session (so it can no longer be paid) and close the order, freeing the domain for this one.
 * If the earlier session was paid meanwhile, the domain is bought there: a problem to show.
 */
async function releaseUnpaidCheckouts(db: Db, workspaceId: string, items: CartItem[]): Promise<Problem[]> {
  const pending = await db
    .select({ name: domains.name, orderId: domains.orderId, sessionId: domainOrders.stripeCheckoutSessionId })
    .from(domains)
    .leftJoin(domainOrders, eq(domainOrders.id, domains.orderId))
    .where(
      and(
        eq(domains.workspaceId, workspaceId),
        eq(domains.status, "pending_payment"),
        inArray(
          domains.name,
          items.map((i) => i.name),
        ),
      ),
    );
  const problems: Problem[] = [];
  const stripe = stripeClient();
  for (const orderId of new Set(pending.map((p) => p.orderId).filter((id): id is string => !!id))) {
    // Closed here first, then expired at Stripe: Stripe's checkout.session.expired event for that
    // expiry can arrive while this checkout is still running, and must find the order closed as
    // replaced (else it closes it as "expired before payment"). A session paid meanwhile still
    // counts: its payment reopens the order (markPaid takes expired orders) with its domains.
    await closeUnpaidOrder(db, orderId, "expired", REPLACED);
    const sessionId = pending.find((p) => p.orderId === orderId)?.sessionId;
    if (!sessionId) continue;
    let session = await stripe.checkout.sessions.retrieve(sessionId);
    if (session.status === "open") {
      // paid in the moment between the two calls: Stripe refuses to expire it, and it counts as paid.
      // Any other failure leaves it open: if it is paid later, that payment is refunded
      // (refundReplacedCheckout), as its domains are in this newer checkout by then.
      session = await stripe.checkout.sessions
        .expire(sessionId)
        .catch(async () => stripe.checkout.sessions.retrieve(sessionId));
    }
    if (session.status === "complete") {
      for (const p of pending.filter((x) => x.orderId === orderId))
        problems.push({
          about: p.name,
          message: `${displayName(p.name)} was paid for in an earlier checkout and is being registered`,
        });
    }
  }
  return problems;
}

const REPLACED = "Replaced by a newer checkout of the same domains";

/** The Stripe line: the name, the term paid for now, and the yearly renewal price when known. */
function lineName(item: CartItem): string {
  const term = `${item.years} year${item.years > 1 ? "s" : ""}`;
  const renews =
    item.renewalPriceCents === null
      ? ""
      : `, then renews at ${money(item.renewalPriceCents, item.currency)}/year`;
  return `${displayName(item.name)} — domain registration for ${term}${renews}`;
}
