import { z } from "zod";
import { env } from "@/lib/config/env";
import type { RegistrantContact } from "@/lib/registrars/types";

const Contact = z.object({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  organization: z.string().optional(),
  email: z.email(),
  phone: z.string().min(5),
  address1: z.string().min(1),
  address2: z.string().optional(),
  city: z.string().min(1),
  state: z.string().min(1),
  postalCode: z.string().min(1),
  country: z.string().length(2),
});

/**
 * The registrant every platform purchase is made for (DOMAIN_REGISTRANT_CONTACT, JSON), or the
 * problem to show when it is missing or incomplete: the purchase is then refunded, not attempted.
 */
export function registrantContact(): { contact: RegistrantContact } | { problem: string } {
  const raw = env().DOMAIN_REGISTRANT_CONTACT;
  if (!raw)
    return {
      problem:
        "The domain was not bought: this server has no registrant contact configured (DOMAIN_REGISTRANT_CONTACT). Its price was refunded.",
    };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      problem:
        "The domain was not bought: DOMAIN_REGISTRANT_CONTACT is not valid JSON. Its price was refunded.",
    };
  }
  const parsed = Contact.safeParse(json);
  if (!parsed.success)
    return {
      problem: `The domain was not bought: DOMAIN_REGISTRANT_CONTACT is incomplete (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}). Its price was refunded.`,
    };
  return { contact: parsed.data };
}
