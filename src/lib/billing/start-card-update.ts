import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { ensureStripeCustomer } from "./ensure-stripe-customer";
import { stripeClient } from "./stripe-client";

/** What a card-update Checkout Session carries in its metadata, for the webhook to recognise it. */
export const CARD_UPDATE_PURPOSE = "card_update";

/**
 * "Update card": a Stripe Checkout Session in setup mode on the workspace's customer, where the
 * person enters a new card without paying anything. When it completes, the webhook makes that card
 * the one renewals charge (saveUpdatedCard). `returnTo` is the app page to come back to (a path of
 * this app: the caller checks it); `?card=saved` or `?card=cancelled` is added to it.
 */
export async function startCardUpdate(
  db: DbOrTx,
  workspaceId: string,
  opts: { returnTo: string },
): Promise<{ url: string }> {
  const stripe = stripeClient(); // 503 before anything is made when payments are not configured
  const customer = await ensureStripeCustomer(db, workspaceId);
  const back = (outcome: "saved" | "cancelled") => {
    const url = new URL(opts.returnTo, env().APP_URL);
    url.searchParams.set("card", outcome);
    return url.toString();
  };
  const session = await stripe.checkout.sessions.create({
    mode: "setup",
    customer,
    // setup mode with Stripe's dynamic payment methods needs the currency they will be charged in
    currency: env().DOMAIN_CURRENCY,
    success_url: back("saved"),
    cancel_url: back("cancelled"),
    metadata: { workspaceId, purpose: CARD_UPDATE_PURPOSE },
    setup_intent_data: { metadata: { workspaceId } },
  });
  if (!session.url) throw new Error("Stripe returned a setup session without a URL");
  return { url: session.url };
}
