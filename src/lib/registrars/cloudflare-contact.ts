import type { RegistrationCreateParams } from "cloudflare/resources/registrar/registrations";
import { type ContactRole, type RegistrantContact, RegistrarError } from "./types";

type CloudflareContact = RegistrationCreateParams.Contacts.Registrant;

/**
 * The contacts of a Cloudflare registration: the registrant, and the same person in each other role
 * the TLD's schema accepts (a role it does not list is refused; Cloudflare derives it from the
 * registrant when the registry needs it).
 */
export function cloudflareContacts(
  c: RegistrantContact,
  roles: ContactRole[],
): RegistrationCreateParams.Contacts {
  const contact: CloudflareContact = {
    email: c.email,
    phone: cloudflarePhone(c.phone),
    postal_info: {
      // one field: Cloudflare takes no separate first and last names
      name: `${c.firstName} ${c.lastName}`.trim(),
      ...(c.organization ? { organization: c.organization } : {}),
      address: {
        street: [c.address1, c.address2].filter(Boolean).join(", "),
        city: c.city,
        state: c.state,
        postal_code: c.postalCode,
        country_code: c.country.toUpperCase(),
      },
    },
  };
  const out: RegistrationCreateParams.Contacts = { registrant: contact };
  for (const role of roles) if (role !== "registrant") out[role] = contact;
  return out;
}

/**
 * A phone number as Cloudflare documents it: `+{country code}.{number}`, digits only, e.g.
 * `+44.2071234567`. Accepts that form with spaces, dashes or brackets, and plain E.164
 * (`+442071234567`), split after its country code: E.164 country codes are prefix-free, 1 and 7 are
 * the one-digit ones, the two-digit ones are listed below, every other is three digits.
 */
export function cloudflarePhone(phone: string): string {
  const compact = phone.replace(/[\s\-()]/g, "");
  const dotted = compact.match(/^\+(\d{1,3})\.(\d{4,14})$/);
  if (dotted) return `+${dotted[1]}.${dotted[2]}`;
  const e164 = compact.match(/^\+(\d{6,15})$/);
  if (!e164?.[1]) {
    throw new RegistrarError(
      "rejected",
      `The registrant phone "${phone}" is not a phone number in international form (+CC.NUMBER, e.g. +44.2071234567)`,
      { registrar: "cloudflare" },
    );
  }
  const digits = e164[1];
  const ccLength = "17".includes(digits[0] ?? "") ? 1 : TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
  return `+${digits.slice(0, ccLength)}.${digits.slice(ccLength)}`;
}

/** ITU-T E.164 country codes of two digits */
const TWO_DIGIT_CODES = new Set(
  (
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 " +
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98"
  ).split(" "),
);
