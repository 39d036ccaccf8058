import type { TldRules } from "@/lib/registrars/types";
import { termCostCents } from "./term-cost";
import { withMarkup } from "./with-markup";

export type FirstTermQuote = {
  /** the TLD's minimum term: what is bought now */
  years: number;
  /** the registrar's cost for the whole term */
  costCents: number;
  /** the customer's price for the whole term, each year marked up as it is charged */
  priceCents: number;
  /** one year's renewal: the registrar's cost and the customer's price */
  renewalCostCents: number | null;
  renewalPriceCents: number | null;
};

/**
 * What buying a name costs now: the TLD's minimum term, charged as registrars charge a multi-year
 * registration (the first year at the registration price, each further year at the renewal price:
 * `termCostCents`, the cost the purchase compares with), each year marked up on its own so a year
 * costs the customer the same in the first term as in a renewal. A registrar that gives no renewal
 * price leaves the renewal unknown (further years of the term are then priced as the first).
 */
export function firstTermQuote(
  price: { registrationCents: number; renewalCents: number | null },
  rules: Pick<TldRules, "minYears">,
): FirstTermQuote {
  const years = Math.max(1, rules.minYears);
  const laterYear = price.renewalCents ?? price.registrationCents;
  return {
    years,
    costCents: termCostCents(price, years)!,
    priceCents: withMarkup(price.registrationCents) + (years - 1) * withMarkup(laterYear),
    renewalCostCents: price.renewalCents,
    renewalPriceCents: price.renewalCents === null ? null : withMarkup(price.renewalCents),
  };
}
