import { and, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import type { Db, DbOrTx } from "@/lib/db/client";
import { domainOrders, domains, stripeEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";
import { closeUnpaidOrder } from "./close-unpaid-order";
import { refundReplacedCheckout } from "./refund-replaced-checkout";
import { rememberPaymentMethod } from "./remember-payment-method";
import { isCardUpdate, saveUpdatedCard } from "./save-updated-card";
import { stripeWebhookSecret } from "./stripe-webhook-secret";

/** The events the shop acts on; any other type is acknowledged and ignored. */
export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
] as const;
type HandledType = (typeof HANDLED_EVENTS)[number];

export type WebhookOutcome = {
  eventId: string;
  type: string;
  outcome: "ignored" | "duplicate" | "applied" | "unknown_order" | "card_saved";
};

const PAYMENT_FAILED =
  "The payment failed: nothing was charged and no domain was bought. You can check out again from your cart.";
const CHECKOUT_EXPIRED = "The checkout expired before payment: nothing was charged and no domain was bought.";

/**
 * A Stripe webhook: verify the signature on the raw body, drop types not on the allow-list, then
 * apply the event once. The event id is recorded in the same transaction as its effect, so any
 * number of deliveries, concurrent or not, apply it once; the order row is locked, so events of one
 * order apply one at a time, and each effect is a conditional transition (a late `expired` after
 * `completed` finds the order paid and changes nothing).
 */
export async function handleStripeWebhook(
  db: Db,
  rawBody: string,
  signature: string | null,
): Promise<WebhookOutcome> {
  const secret = stripeWebhookSecret();
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature ?? "", secret);
  } catch (err) {
    throw new AppError(
      "bad_request",
      `invalid Stripe signature: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type))
    return { eventId: event.id, type: event.type, outcome: "ignored" };
  const type = event.type as HandledType;
  // "Update card" (setup mode) is about the workspace's card, not an order. Saving it again on a
  // repeated delivery is harmless, so it needs no record of the event.
  if (type === "checkout.session.completed" && isCardUpdate(event.data.object)) {
    const saved = await saveUpdatedCard(db, event.data.object);
    logger.info({ eventId: event.id, type, saved: Boolean(saved) }, "Stripe event");
    return { eventId: event.id, type, outcome: saved ? "card_saved" : "ignored" };
  }

  const result = await db.transaction(async (tx) => {
    const orderId = await orderOf(tx, event);
    const [recorded] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type, orderId })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!recorded) return { orderId, outcome: "duplicate" as const };
    if (!orderId) return { orderId, outcome: "unknown_order" as const };
    await tx.execute(sql`select 1 from ${domainOrders} where ${domainOrders.id} = ${orderId} for update`);
    await apply(tx, type, event.data.object, orderId);
    return { orderId, outcome: "applied" as const };
  });
  logger.info({ eventId: event.id, type, orderId: result.orderId, outcome: result.outcome }, "Stripe event");

  // After the commit (also for a repeated delivery, in case the process died before this point):
  // a payment for lines a newer checkout took over is refunded (a Stripe error answers 500, so
  // Stripe delivers again), then one purchase job per paid domain, then the card is kept for
  // renewals. Each is safe to repeat.
  if (result.orderId && type !== "charge.refunded") {
    await refundReplacedCheckout(db, result.orderId);
    await enqueuePurchases(db, result.orderId);
  }
  if (result.orderId && SAVES_CARD.has(type)) await saveCardForRenewals(db, result.orderId);
  return { eventId: event.id, type, outcome: result.outcome };
}

const SAVES_CARD = new Set<HandledType>([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
]);

/**
 * After a paid checkout (also on a repeated delivery, like the purchase jobs): the card it saved
 * becomes the workspace's card for renewals. A Stripe error throws, so Stripe delivers again.
 */
async function saveCardForRenewals(db: Db, orderId: string) {
  const [order] = await db
    .select({ workspaceId: domainOrders.workspaceId, paymentIntentId: domainOrders.stripePaymentIntentId })
    .from(domainOrders)
    .where(and(eq(domainOrders.id, orderId), inArray(domainOrders.status, ["paid", "completed"])));
  if (order?.paymentIntentId)
    await rememberPaymentMethod(db, {
      workspaceId: order.workspaceId,
      paymentIntentId: order.paymentIntentId,
    });
}

async function apply(tx: DbOrTx, type: HandledType, object: unknown, orderId: string) {
  switch (type) {
    case "checkout.session.completed": {
      const session = object as Stripe.Checkout.Session;
      // delayed payment methods complete the session unpaid: wait for async_payment_succeeded
      if (session.payment_status === "paid" || session.payment_status === "no_payment_required")
        await markPaid(tx, orderId, idOf(session.payment_intent));
      return;
    }
    case "checkout.session.async_payment_succeeded":
      await markPaid(tx, orderId, idOf((object as Stripe.Checkout.Session).payment_intent));
      return;
    case "checkout.session.async_payment_failed":
      await closeUnpaidOrder(tx, orderId, "failed", PAYMENT_FAILED);
      return;
    case "checkout.session.expired":
      await closeUnpaidOrder(tx, orderId, "expired", CHECKOUT_EXPIRED);
      return;
    case "charge.refunded": {
      const charge = object as Stripe.Charge;
      // amount_refunded is the charge's running total: keep the largest seen, whatever the order
      await tx
        .update(domainOrders)
        .set({
          refundedCents: sql`greatest(${domainOrders.refundedCents}, ${charge.amount_refunded})`,
          updatedAt: new Date(),
        })
        .where(eq(domainOrders.id, orderId));
      return;
    }
  }
}

/** Paid: the order and its domains move to `paid` with the payment intent, from any unpaid state. */
async function markPaid(tx: DbOrTx, orderId: string, paymentIntentId: string | null) {
  const now = new Date();
  const paid = await tx
    .update(domainOrders)
    .set({
      status: "paid",
      statusReason: null,
      paidAt: now,
      stripePaymentIntentId: paymentIntentId,
      stripeCheckoutUrl: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(domainOrders.id, orderId),
        inArray(domainOrders.status, ["pending_payment", "failed", "expired"]),
      ),
    )
    .returning({ id: domainOrders.id });
  if (paid.length === 0) return;
  await tx
    .update(domains)
    .set({ status: "paid", statusReason: null, stripePaymentIntentId: paymentIntentId, updatedAt: now })
    .where(and(eq(domains.orderId, orderId), inArray(domains.status, ["pending_payment", "cancelled"])));
}

async function enqueuePurchases(db: Db, orderId: string) {
  const paid = await db
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.orderId, orderId), eq(domains.status, "paid")));
  for (const d of paid)
    await enqueue(
      "domains.purchase",
      { domainId: d.id },
      { singletonKey: `purchase:${d.id}`, singletonSeconds: 60 },
    );
}

/** The order an event is about: by checkout session or payment intent, else by its metadata. */
async function orderOf(tx: DbOrTx, event: Stripe.Event): Promise<string | null> {
  const object = event.data.object as {
    object: string;
    id: string;
    payment_intent?: string | { id: string } | null;
    metadata?: Record<string, string> | null;
  };
  const byColumn =
    object.object === "checkout.session"
      ? eq(domainOrders.stripeCheckoutSessionId, object.id)
      : idOf(object.payment_intent)
        ? eq(domainOrders.stripePaymentIntentId, idOf(object.payment_intent)!)
        : undefined;
  if (byColumn) {
    const [row] = await tx.select({ id: domainOrders.id }).from(domainOrders).where(byColumn);
    if (row) return row.id;
  }
  const { orderId, workspaceId } = object.metadata ?? {};
  if (!orderId || !workspaceId) return null;
  const [row] = await tx
    .select({ id: domainOrders.id })
    .from(domainOrders)
    .where(and(eq(domainOrders.id, orderId), eq(domainOrders.workspaceId, workspaceId)));
  return row?.id ?? null;
}

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  typeof v === "string" ? v : (v?.id ?? null);
