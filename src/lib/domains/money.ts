/**
 * A price in messages people read, the same in every currency and locale: 5550, "usd" →
 * "55.50 USD" (server side: no browser locale to format for).
 */
export const money = (cents: number | null, currency: string) =>
  cents === null ? "an unknown price" : `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
