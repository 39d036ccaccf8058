import Stripe from "stripe";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

let cached: { key: string; url: string | undefined; client: Stripe } | undefined;

/**
 * The Stripe client from the environment: STRIPE_SECRET_KEY, and STRIPE_API_URL for another API
 * host (a local server that answers like Stripe, in tests and development). Without a key the
 * domain shop is off: a clear 503 instead of a half-made order.
 */
export function stripeClient(): Stripe {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_URL: url } = env();
  if (!key)
    throw new AppError(
      "unavailable",
      "payments are not configured on this server (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)",
    );
  if (cached && cached.key === key && cached.url === url) return cached.client;
  const target = url ? new URL(url) : undefined;
  const client = new Stripe(key, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(target
      ? {
          host: target.hostname,
          port: Number(target.port) || (target.protocol === "https:" ? 443 : 80),
          protocol: target.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
  cached = { key, url, client };
  return client;
}
