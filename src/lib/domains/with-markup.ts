import { env } from "@/lib/config/env";

/** The platform's price: registrar cost plus DOMAIN_MARKUP_PERCENT, then DOMAIN_MARKUP_CENTS, rounded up. */
export function withMarkup(costCents: number): number {
  const { DOMAIN_MARKUP_PERCENT: pct, DOMAIN_MARKUP_CENTS: fixed } = env();
  return Math.ceil((costCents * (100 + pct)) / 100) + fixed;
}
