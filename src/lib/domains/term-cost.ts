/**
 * What a registrar charges for a registration of `years` years: the first year at its registration
 * price, each further year at its renewal price. Null when the registrar gave no price. Order and
 * cart items hold the cost of the whole term, so this is what they are compared with.
 */
export function termCostCents(
  price: { registrationCents: number | null; renewalCents: number | null },
  years: number,
): number | null {
  if (price.registrationCents === null) return null;
  return price.registrationCents + Math.max(0, years - 1) * (price.renewalCents ?? price.registrationCents);
}
