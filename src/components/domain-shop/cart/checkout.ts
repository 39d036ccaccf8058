import { api } from "@/components/ui/api";

/**
 * Start a Stripe Checkout for the cart. Resolves to the payment page's URL; rejects with an
 * ApiError (409: items no longer available or repriced, each in `problems` — the cart has been
 * updated; 503: payments not configured; 400: empty cart; 0: the server could not be reached).
 */
export function startCheckout(): Promise<{ orderId: string; url: string }> {
  return api<{ orderId: string; url: string }>("/api/domains/checkout", { body: {} });
}
