import { errorResponse } from "@/lib/api/handler";
import { readBodyText } from "@/lib/api/read-request";
import { handleStripeWebhook } from "@/lib/billing/webhooks";
import { getDb } from "@/lib/db/client";

/**
 * Stripe's webhook. The signature covers the exact bytes sent, so the body is read raw; a bad
 * signature is a 400 that changes nothing, an ignored event type a 200 (Stripe stops retrying).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    // Stripe's events are far smaller; the cap keeps a stranger from making us hold a huge body
    const body = await readBodyText(req, 5 * 1024 * 1024);
    const outcome = await handleStripeWebhook(getDb(), body, req.headers.get("stripe-signature"));
    return Response.json({ received: true, outcome: outcome.outcome });
  } catch (err) {
    return errorResponse(err);
  }
}
