/**
 * What Coldframe needs from a domain registrar. One implementation per registrar in this folder
 * (cloudflare.ts, namecom.ts, ...), each speaking the provider's documented wire format; RDAP
 * (rdap.ts) answers availability hints and registration dates when no registrar key is set.
 *
 * Money is in minor units (cents) of `currency` throughout.
 */

export type RegistrarId = "cloudflare" | "namecom" | "rdap";

export type Availability = {
  /** lower-case, punycode */
  name: string;
  available: boolean;
  /** premium names are shown but never sold */
  premium: boolean;
  /** the registrar's price for the first year (null when unknown, e.g. RDAP) */
  registrationCents: number | null;
  renewalCents: number | null;
  currency: string;
  /** why not available: taken, premium, unsupported_tld, ... (human text allowed) */
  reason: string | null;
  registrar: RegistrarId;
  /** false for hints (RDAP 404), true for the registrar's own real-time check */
  authoritative: boolean;
};

export type RegistrantContact = {
  firstName: string;
  lastName: string;
  organization?: string;
  email: string;
  /** with its country code, in any common spelling ("+1 555 555 0100", "+1.5555550100"): each adapter writes it as its API wants (Name.com E.164, Cloudflare +CC.NUMBER) */
  phone: string;
  address1: string;
  address2?: string;
  city: string;
  state: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
};

export type RegisterRequest = {
  name: string;
  years: number;
  contact: RegistrantContact;
  /** leave empty to keep the registrar's default nameservers */
  nameservers?: string[];
  privacy: boolean;
  autoRenew?: boolean;
  /**
   * The order item's id: stable across retries of one purchase and never reused by another order
   * of the same name (a key reused with a different body is refused for 24 hours).
   */
  idempotencyKey: string;
  /**
   * Extra registrant fields the TLD requires (TldRules.extensionFields: .us nexus, .ca legal type,
   * ...), keyed by ExtensionField.key; only the keys the TLD asks for.
   */
  contactExtensions?: Record<string, string>;
};

export type RegisterResult =
  | { state: "succeeded"; domain: RegistrarDomain }
  /** the registrar is still working; poll `registrationStatus(operationId)` */
  | { state: "pending"; operationId: string }
  /** needs a human at the registrar (Cloudflare `action_required`/`blocked`): never resolves alone */
  | { state: "action_required"; operationId: string; reason: string };

export type RegistrarDomain = {
  name: string;
  /** true when the domain is in this registrar account */
  ours: boolean;
  status: string;
  nameservers: string[];
  createdAt: Date | null;
  expiresAt: Date | null;
};

/** What the registrar can and cannot do, said to the customer before payment. */
export type RegistrarCapabilities = {
  /**
   * The domain can be pointed at other nameservers. Cloudflare Registrar cannot: its domains use
   * Cloudflare DNS (the zone the registration creates).
   */
  setNameservers: boolean;
  /** a registration creates a DNS zone on the registrar's own DNS (Cloudflare, not its sandbox) */
  createsDnsZone: boolean;
  /** how many domains one account may hold (Cloudflare: 100); null when the registrar sets no cap */
  maxDomainsPerAccount: number | null;
};

/** One extra registrant field a TLD requires (a registry "contact extension"). */
export type ExtensionField = {
  /** the registrar's own key, sent back as is in RegisterRequest.contactExtensions */
  key: string;
  /** what the cart asks, in words */
  label: string;
  required: boolean;
  /** when set, the value must be one of these */
  options?: { value: string; label: string }[];
  /** a pattern the value must match (from the registrar's schema), when it gives one */
  pattern?: string;
  help?: string;
};

/** What a TLD needs before it can be sold, read from the registrar (never assumed). */
export type TldRules = {
  tld: string;
  /** false: shown as "not sold yet" with `reason` */
  sellable: boolean;
  reason: string | null;
  /** the shortest and longest registration term the registry allows, in years (.ai: 2) */
  minYears: number;
  maxYears: number;
  /** extra registrant fields the registry requires; empty for most TLDs */
  extensionFields: ExtensionField[];
  /** contact roles the registry accepts: only these are sent (registrant is always among them) */
  contactRoles: ContactRole[];
};

export type ContactRole = "registrant" | "administrator" | "technical" | "billing";

export type TldPrice = {
  tld: string;
  registrationCents: number;
  renewalCents: number;
  currency: string;
};

export interface Registrar {
  readonly id: RegistrarId;
  readonly capabilities: RegistrarCapabilities;
  /** how many names one availability call takes (Cloudflare 20, Name.com 50) */
  readonly maxCheckBatch: number;
  /** availability and price for many names at once (at most maxCheckBatch; callers batch) */
  check(names: string[]): Promise<Availability[]>;
  register(request: RegisterRequest): Promise<RegisterResult>;
  /** poll a pending registration */
  registrationStatus(operationId: string): Promise<RegisterResult>;
  /**
   * This account's registration of `name` as it stands, asked first on every purchase attempt (a
   * call that timed out may have bought it): succeeded (the account holds it), pending or
   * action_required (a registration in progress), or null when this account has none. A
   * registration that failed throws its RegistrarError.
   */
  findRegistration(name: string): Promise<RegisterResult | null>;
  /** the domain as this account holds it; null when the account does not hold it */
  getDomain(name: string): Promise<RegistrarDomain | null>;
  /** only when capabilities.setNameservers */
  setNameservers(name: string, nameservers: string[]): Promise<void>;
  /** turn the registrar's own automatic renewal on or off */
  setAutoRenew(name: string, on: boolean): Promise<void>;
  /** how many domains the account holds (checked against capabilities.maxDomainsPerAccount) */
  countDomains(): Promise<number>;
  /** per TLD: term, extra registrant fields, contact roles, whether it is sold at all */
  tldRules(tlds: string[]): Promise<TldRules[]>;
  /** prices per TLD (for the given TLDs, or the adapter's default set) */
  priceList(tlds?: string[]): Promise<TldPrice[]>;
  /** cheap authenticated call for "test connection" */
  verifyCredentials(): Promise<void>;
}

export type RegistrarErrorCode =
  | "taken"
  | "invalid_name"
  | "unsupported_tld"
  | "premium"
  | "insufficient_funds"
  | "rate_limited"
  | "auth"
  | "price_changed"
  /** the registrar refused for another reason (its message says why); not worth retrying as is */
  | "rejected"
  /** the registrar (or this adapter, e.g. RDAP) cannot do this operation at all */
  | "not_supported"
  | "transient";

/** A registrar's refusal, typed so callers can decide: retry (transient, rate_limited) or fail. */
export class RegistrarError extends Error {
  constructor(
    readonly code: RegistrarErrorCode,
    message: string,
    readonly options: { retryAfterMs?: number; status?: number; registrar?: RegistrarId } = {},
  ) {
    super(message);
    this.name = "RegistrarError";
  }

  get retryable(): boolean {
    return this.code === "transient" || this.code === "rate_limited";
  }
}
