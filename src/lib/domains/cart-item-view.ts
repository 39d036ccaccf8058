import type { CartItem } from "@/lib/db/schema";
import type { RegistrarCapabilities } from "@/lib/registrars/types";
import { missingExtensionFields } from "./extension-values-schema";
import { displayName } from "./names";

/** said on every line bought through a registrar that keeps its own nameservers (Cloudflare) */
export const OWN_NAMESERVERS_NOTE = "DNS at Cloudflare (Cloudflare Registrar keeps its own nameservers)";
/** …and in Cloudflare's Registrar sandbox, which registers nothing and creates no zone */
export const SANDBOX_NOTE =
  "Cloudflare Registrar sandbox: nothing really registered, no DNS zone; DNS on this server's provider";

/** Where a line's DNS will live, when the registrar decides it rather than the customer. */
export function dnsNoteFor(capabilities: RegistrarCapabilities | null | undefined): string | null {
  if (!capabilities || capabilities.setNameservers) return null;
  return capabilities.createsDnsZone ? OWN_NAMESERVERS_NOTE : SANDBOX_NOTE;
}

/**
 * The workspace's cart: domains it means to buy, each with the price quoted when added for the
 * TLD's minimum term, one renewal year's price, and the extra registrant details the TLD asks
 * for. Adding asks the registrar again (no cache): only names that can be bought now, at a known
 * price, go in. A line whose required details are not all given "needs details" and holds up
 * checkout.
 */
export const toCartItemView = (c: CartItem, capabilities?: RegistrarCapabilities | null) => {
  const missing = missingExtensionFields(c.extensionFields, c.extensionValues);
  return {
    id: c.id,
    name: c.name,
    displayName: displayName(c.name),
    /** the whole first term (`years`) */
    priceCents: c.priceCents,
    /** one renewal year; null when the registrar did not say */
    renewalPriceCents: c.renewalPriceCents,
    currency: c.currency,
    registrar: c.registrar,
    years: c.years,
    extensionFields: c.extensionFields,
    extensionValues: c.extensionValues ?? {},
    missingDetails: missing.map((f) => f.key),
    needsDetails: missing.length > 0,
    dnsNote: dnsNoteFor(capabilities),
    createdAt: c.createdAt.toISOString(),
  };
};

export type CartItemView = ReturnType<typeof toCartItemView>;
