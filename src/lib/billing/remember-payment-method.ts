import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import type { DbOrTx } from "@/lib/db/client";
import { workspaceBilling } from "@/lib/db/schema";
import { stripeClient } from "./stripe-client";

/**
 * A paid checkout saved its card for later (setup_future_usage: off_session): keep the
 * PaymentIntent's payment method as the workspace's card for domain renewals. The Checkout
 * Session's event does not carry it, so the PaymentIntent is asked. Safe to repeat.
 */
export async function rememberPaymentMethod(
  db: DbOrTx,
  opts: { workspaceId: string; paymentIntentId: string },
): Promise<string | null> {
  let pi: Stripe.PaymentIntent;
  try {
    pi = await stripeClient().paymentIntents.retrieve(opts.paymentIntentId);
  } catch (err) {
    // gone for good (not this account's): nothing to save. Anything else throws, to be retried
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === "resource_missing")
      return null;
    throw err;
  }
  const paymentMethod = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  const customer = typeof pi.customer === "string" ? pi.customer : pi.customer?.id;
  if (!paymentMethod || !customer) return null; // a checkout made before renewals were billed
  await db
    .update(workspaceBilling)
    .set({ stripePaymentMethodId: paymentMethod, updatedAt: new Date() })
    // the card is saved on the customer the checkout named: never another workspace's
    .where(
      and(
        eq(workspaceBilling.workspaceId, opts.workspaceId),
        eq(workspaceBilling.stripeCustomerId, customer),
      ),
    );
  return paymentMethod;
}
