import type { TldRules } from "@/lib/registrars/types";
import { withMarkup } from "./with-markup";

export type FirstTermQuote = {
  /** the TLD's minimum term: what is bought now */
  years: number;
  /** the registrar's cost for the whole term */
  costCents: number;
  /** the customer's price for the whole term: the yearly price (with markup) × years */
  priceCents: number;
  /** one year's renewal: the registrar's cost and the customer's price */
  renewalCostCents: number | null;
  renewalPriceCents: number | null;
};

/**
 * What buying a name costs now: the TLD's minimum term at the registrar's yearly price, marked up
 * per year so that a year costs the same in the first term as in a renewal (.ai at 70.00 a year,
 * 2 years minimum: 140.00 plus two years' markup). A registrar that gives no renewal price leaves
 * it unknown; it is never guessed from the first year.
 */
export function firstTermQuote(
  price: { registrationCents: number; renewalCents: number | null },
  rules: Pick<TldRules, "minYears">,
): FirstTermQuote {
  const years = Math.max(1, rules.minYears);
  return {
    years,
    costCents: price.registrationCents * years,
    priceCents: withMarkup(price.registrationCents) * years,
    renewalCostCents: price.renewalCents,
    renewalPriceCents: price.renewalCents === null ? null : withMarkup(price.renewalCents),
  };
}
