export type CheckoutProblem = { name: string; message: string };

/** Why a checkout did not start: the API's message, and per-domain problems on a 409. */
export class CheckoutError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: CheckoutProblem[] = [],
  ) {
    super(message);
    this.name = "CheckoutError";
  }
}

/**
 * Start a Stripe Checkout for the cart. Resolves to the payment page's URL; rejects with a
 * CheckoutError (409: items no longer available or repriced — the cart has been updated; 503:
 * payments not configured; 400: empty cart).
 */
export async function startCheckout(): Promise<{ orderId: string; url: string }> {
  let res: Response;
  try {
    res = await fetch("/api/domains/checkout", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
      credentials: "same-origin",
    });
  } catch {
    throw new CheckoutError(0, "Could not reach the server: check your connection and try again");
  }
  const json = (await res.json().catch(() => null)) as {
    orderId?: string;
    url?: string;
    error?: { message?: string; problems?: CheckoutProblem[]; details?: { problems?: CheckoutProblem[] } };
  } | null;
  if (!res.ok || !json?.url || !json.orderId) {
    throw new CheckoutError(
      res.status,
      json?.error?.message ?? `checkout failed (${res.status})`,
      // the API spreads an error's details into `error`; `error.details` is accepted as well
      json?.error?.problems ?? json?.error?.details?.problems ?? [],
    );
  }
  return { orderId: json.orderId, url: json.url };
}
