const formats = new Map<string, Intl.NumberFormat>();

/** Minor units (cents) in the currency's own format: 1044, "usd" → "$10.44". */
export function formatMoney(cents: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = formats.get(code);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: "currency", currency: code });
    formats.set(code, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(cents / 10 ** digits);
}
