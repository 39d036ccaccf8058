import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

/** The secret Stripe signs webhook calls with (STRIPE_WEBHOOK_SECRET); without it none is accepted. */
export function stripeWebhookSecret(): string {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret)
    throw new AppError("unavailable", "STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified");
  return secret;
}
