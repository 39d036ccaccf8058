/**
 * What Coldframe needs from a domain registrar. One implementation per registrar in this folder
 * (cloudflare.ts, namecom.ts, ...), each speaking the provider's documented wire format; RDAP
 * (rdap.ts) answers availability hints and registration dates when no registrar key is set.
 *
 * Money is in minor units (cents) of `currency` throughout.
 */

export type RegistrarId = "cloudflare" | "namecom" | "porkbun" | "rdap";

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
  /** E.164-ish: +1.5555550100 */
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
  /** stable per domain purchase: a retried call must not buy twice where the API supports it */
  idempotencyKey: string;
  /** the cost quoted to the customer; registrars that take a price (Porkbun) must match it */
  expectedCostCents?: number;
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

export type TldPrice = {
  tld: string;
  registrationCents: number;
  renewalCents: number;
  currency: string;
};

export interface Registrar {
  readonly id: RegistrarId;
  /** how many names one availability call takes (Cloudflare 20, Name.com 50) */
  readonly maxCheckBatch: number;
  /** availability and price for many names at once (at most maxCheckBatch; callers batch) */
  check(names: string[]): Promise<Availability[]>;
  register(request: RegisterRequest): Promise<RegisterResult>;
  /** poll a pending registration */
  registrationStatus(operationId: string): Promise<RegisterResult>;
  /** the domain as the registrar sees it; null when unknown to the registrar */
  getDomain(name: string): Promise<RegistrarDomain | null>;
  setNameservers(name: string, nameservers: string[]): Promise<void>;
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
