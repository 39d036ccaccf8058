import { RegistrarError } from "./types";

/**
 * A phone number as Name.com's Core API takes it: E.164, "+" then the country code and the number
 * with nothing between (`^\+[1-9]\d{7,14}$`, the ContactRequest schema). The dotted "+CC.NNNN" form
 * belonged to the retired v4 API and EPP; Core v1 refuses it. Accepts the common ways people write
 * an international number: "+1 (555) 555-0100", "+44 20 7946 0958", "+44 (0)20 7946 0958",
 * "+1.5555550100", "0044 20 7946 0958".
 *
 * A number without its country code cannot be completed safely (the registrant's country is not
 * always the phone's), and E.164 has no extensions: both are refused with a RegistrarError before
 * any call, so that the purchase fails with a message saying what to fix instead of a registry error.
 */
export function namecomPhone(input: string): string {
  const raw = input.trim();
  const refuse = (why: string) =>
    new RegistrarError(
      "rejected",
      `Name.com needs the registrant's phone in international form, "+", the country code and the number (e.g. +1 555 555 0100): ${why}`,
      { registrar: "namecom" },
    );
  if (!raw) throw refuse("the phone is empty");
  if (/(?:x|ext\.?|extension|#|;ext=)\s*\d+$/i.test(raw)) {
    throw refuse("an extension cannot be registered; give the main number");
  }
  // "+44 (0)20 ...": the trunk 0 in brackets is not dialled from abroad
  let s = raw.replace(/\(\s*0\s*\)/g, "");
  if (s.startsWith("00")) s = `+${s.slice(2)}`;
  if (!s.startsWith("+")) throw refuse("the country code is missing");
  const rest = s.slice(1);
  if (/[^\d\s.\-()/]/.test(rest)) throw refuse("it has characters other than digits and separators");
  const digits = rest.replace(/\D/g, "");
  if (digits.startsWith("0")) throw refuse("a country code never starts with 0");
  if (!/^[1-9]\d{7,14}$/.test(digits)) {
    throw refuse(`it has ${digits.length} digits; a full international number has 8 to 15`);
  }
  return `+${digits}`;
}
