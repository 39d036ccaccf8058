import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { DbOrTx } from "@/lib/db/client";
import { workspaceBilling } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { CARD_UPDATE_PURPOSE } from "./start-card-update";
import { stripeClient } from "./stripe-client";

/** A completed Checkout Session of "Update card" (startCardUpdate), rather than a domain order's. */
export function isCardUpdate(object: unknown): object is Stripe.Checkout.Session {
  const session = object as Partial<Stripe.Checkout.Session>;
  return (
    session.object === "checkout.session" &&
    session.mode === "setup" &&
    session.metadata?.purpose === CARD_UPDATE_PURPOSE
  );
}

/**
 * The card entered in an "Update card" session becomes the one renewals charge. The session's
 * event names only its SetupIntent, so the SetupIntent is asked for the payment method. The card is
 * saved only on the customer the session named, which must be the workspace's own (never another
 * workspace's, whatever the metadata says). Safe to repeat; a Stripe error throws, so Stripe
 * delivers the event again. Returns the saved payment method, or null when there was none to save.
 */
export async function saveUpdatedCard(db: DbOrTx, session: Stripe.Checkout.Session): Promise<string | null> {
  const workspaceId = session.metadata?.workspaceId;
  const setupIntentId =
    typeof session.setup_intent === "string" ? session.setup_intent : session.setup_intent?.id;
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (session.status !== "complete" || !workspaceId || !setupIntentId || !customer) return null;
  const intent = await stripeClient().setupIntents.retrieve(setupIntentId);
  const paymentMethod =
    typeof intent.payment_method === "string" ? intent.payment_method : intent.payment_method?.id;
  if (intent.status !== "succeeded" || !paymentMethod) {
    logger.warn({ setupIntentId, status: intent.status }, "card update: the setup did not succeed");
    return null;
  }
  const saved = await db
    .update(workspaceBilling)
    .set({ stripePaymentMethodId: paymentMethod, updatedAt: new Date() })
    .where(
      and(eq(workspaceBilling.workspaceId, workspaceId), eq(workspaceBilling.stripeCustomerId, customer)),
    )
    .returning({ workspaceId: workspaceBilling.workspaceId });
  if (!saved.length) {
    logger.warn({ workspaceId, customer }, "card update: the session's customer is not the workspace's");
    return null;
  }
  logger.info({ workspaceId }, "card for renewals updated");
  return paymentMethod;
}
