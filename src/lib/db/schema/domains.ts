import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { cascadeRef, createdAt, id, oneOf, updatedAt } from "./columns";
import { workspaceRef } from "./workspaces";

/**
 * Lifecycle of a domain (DESIGN.md "Domain purchase"). Domains added by hand (bought elsewhere)
 * start at `configuring_dns` (DNS provider connected) or `verifying_dns` (records pasted by hand);
 * `active` needs no purchase. `cancelled` is a checkout that expired or failed before payment.
 */
export const domainStatuses = [
  "pending_payment",
  "paid",
  "registering",
  "registered",
  "configuring_dns",
  "verifying_dns",
  "active",
  "failed",
  "cancelled",
] as const;
export type DomainStatus = (typeof domainStatuses)[number];

export const renewalStatuses = ["auto", "lapsing"] as const;
export type RenewalStatus = (typeof renewalStatuses)[number];

/** Where the domain's DNS is served: a connected provider we write to, or records pasted by hand. */
export type DnsMode = "managed" | "manual";

/** What the user chose for the domain's DNS (setupDomainDns reads it). */
export type DnsSettings = {
  /** SPF preset: the mailbox provider, or the SMTP hosts/IPs to authorize */
  spf?: { preset: "google" | "microsoft" | "custom"; hosts?: string[]; ips?: string[] };
  dmarc?: { policy: "none" | "quarantine" | "reject"; rua?: string };
  mx?: { preset: "none" | "google" | "microsoft" | "custom"; hosts?: { host: string; priority: number }[] };
  /** redirect the bare domain (and www) to the company's site */
  redirectTo?: string | null;
};

/** Progress of setupDomainDns / verification, shown on the order and domain pages. */
export type DnsSetupProgress = {
  steps: { key: string; label: string; state: "pending" | "running" | "done" | "failed"; detail?: string }[];
  startedAt?: string;
  finishedAt?: string;
  error?: string;
};

/**
 * A sending domain of the workspace: bought here (an order item) or added by hand. The campaign
 * engine signs with its DKIM key and links through its tracking host.
 */
export const domains = pgTable(
  "domains",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(), // lower-case, punycode
    status: text("status").$type<DomainStatus>().notNull().default("active"),
    /** why the domain failed (shown to the user), or the last transient problem */
    statusReason: text("status_reason"),
    source: text("source").$type<"purchased" | "external">().notNull().default("external"),
    dkimSelector: text("dkim_selector"),
    dkimPrivateKeyEnc: text("dkim_private_key_enc"),
    dkimPublicKey: text("dkim_public_key"),
    /** custom tracking host (CNAME to the app), e.g. track.example.com */
    trackingHost: text("tracking_host"),

    // purchase
    orderId: text("order_id"),
    /** registrar that holds (or will hold) the domain: cloudflare | namecom | ... */
    registrar: text("registrar"),
    /** workspace registrar account used, or null for the platform's account */
    registrarAccountId: text("registrar_account_id"),
    /** the registrar's workflow/operation id while a registration is pending */
    registrarOperationId: text("registrar_operation_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    /** what the customer paid for the first year, in the order's currency's minor unit */
    priceCents: integer("price_cents"),
    currency: text("currency"),
    registeredAt: timestamp("registered_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    refundId: text("refund_id"),
    refundedAt: timestamp("refunded_at", { withTimezone: true }),
    /**
     * Renewal of a purchased domain (null for domains added by hand): `auto` — the registrar's
     * auto-renew is on and the customer is charged before it renews; `lapsing` — the charge kept
     * failing, auto-renew is off at the registrar and the domain expires unless paid.
     */
    renewalStatus: text("renewal_status").$type<RenewalStatus>(),

    // DNS
    dnsMode: text("dns_mode").$type<DnsMode>(),
    /** dns provider: powerdns | cloudflare | null (manual) */
    dnsProvider: text("dns_provider"),
    dnsAccountId: text("dns_account_id"),
    dnsZoneId: text("dns_zone_id"),
    nameservers: text("nameservers").array(),
    dnsSettings: jsonb("dns_settings").$type<DnsSettings>(),
    dnsProgress: jsonb("dns_progress").$type<DnsSetupProgress>(),
    dnsVerifyStartedAt: timestamp("dns_verify_started_at", { withTimezone: true }),

    // health (latest check; history in domain_health_checks)
    healthScore: integer("health_score"),
    healthState: text("health_state").$type<"healthy" | "warning" | "critical" | "unknown">(),
    healthCheckedAt: timestamp("health_checked_at", { withTimezone: true }),
    /** registration date from RDAP (or the registrar): the domain's age */
    domainCreatedAt: timestamp("domain_created_at", { withTimezone: true }),

    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("domains_workspace_name_idx").on(t.workspaceId, t.name),
    index("domains_name_idx").on(t.name),
    index("domains_order_idx").on(t.orderId),
    oneOf("domains_status_check", t.status, domainStatuses),
    oneOf("domains_renewal_status_check", t.renewalStatus, renewalStatuses),
  ],
);
export type Domain = typeof domains.$inferSelect;

/**
 * A registrar or DNS provider account a workspace connected (its own Cloudflare, Name.com,
 * PowerDNS). Credentials are encrypted; `config` holds the non-secret parts (account id,
 * base URL, sandbox flag). The platform's own accounts come from the environment instead.
 */
export const providerAccountStatuses = ["untested", "ok", "error"] as const;

export const providerAccounts = pgTable(
  "provider_accounts",
  {
    id: id(),
    workspaceId: workspaceRef(),
    kind: text("kind").$type<"registrar" | "dns">().notNull(),
    provider: text("provider").notNull(), // cloudflare | namecom | powerdns
    label: text("label").notNull(),
    credentialsEnc: text("credentials_enc").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<(typeof providerAccountStatuses)[number]>().notNull().default("untested"),
    lastError: text("last_error"),
    lastTestedAt: timestamp("last_tested_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("provider_accounts_workspace_idx").on(t.workspaceId, t.kind),
    oneOf("provider_accounts_status_check", t.status, providerAccountStatuses),
  ],
);
export type ProviderAccount = typeof providerAccounts.$inferSelect;

/**
 * One extra registrant field a TLD requires, as stored on a cart line: the same shape as the
 * registrars' `ExtensionField` (the db layer sits below the registrars and cannot import it).
 */
type StoredExtensionField = {
  key: string;
  label: string;
  required: boolean;
  options?: { value: string; label: string }[];
  pattern?: string;
  help?: string;
};

/** A domain the workspace wants to buy, with the price quoted when it was added. */
export const cartItems = pgTable(
  "cart_items",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(), // lower-case, punycode
    registrar: text("registrar").notNull(),
    years: integer("years").notNull().default(1),
    /** customer price (with markup) in minor units, as quoted */
    priceCents: integer("price_cents").notNull(),
    /** the registrar's cost as quoted, in minor units: re-checked at checkout and at purchase */
    costCents: integer("cost_cents").notNull(),
    /** customer price of one year's renewal (with markup), shown beside the first term's price */
    renewalPriceCents: integer("renewal_price_cents"),
    /** the registrar's renewal cost per year as quoted */
    renewalCostCents: integer("renewal_cost_cents"),
    /** extra registrant fields the TLD requires (TldRules.extensionFields), as the customer gave them */
    extensionValues: jsonb("extension_values").$type<Record<string, string>>(),
    /**
     * The TLD's extra registrant fields as the registrar stated them when the item was added (asked
     * again at checkout): the cart's form and the PATCH validation read them without a registrar call.
     */
    extensionFields: jsonb("extension_fields").$type<StoredExtensionField[]>().notNull().default([]),
    /** the workspace registrar account that quoted it (null: the platform's); for its domain cap */
    registrarAccountId: text("registrar_account_id"),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("cart_items_workspace_name_idx").on(t.workspaceId, t.name)],
);
export type CartItem = typeof cartItems.$inferSelect;

/**
 * `refunded`: paid, but nothing of it could be delivered (a replaced checkout paid after its
 * domains moved to a newer order): the payment was refunded in full.
 */
export const orderStatuses = [
  "pending_payment",
  "paid",
  "completed",
  "failed",
  "expired",
  "refunded",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** A checkout: one Stripe Checkout Session for one or more domains. */
export const domainOrders = pgTable(
  "domain_orders",
  {
    id: id(),
    workspaceId: workspaceRef(),
    createdByUserId: text("created_by_user_id"),
    status: text("status").$type<OrderStatus>().notNull().default("pending_payment"),
    statusReason: text("status_reason"),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id"),
    stripeCheckoutUrl: text("stripe_checkout_url"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    refundedCents: integer("refunded_cents").notNull().default(0),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("domain_orders_workspace_idx").on(t.workspaceId, t.createdAt),
    uniqueIndex("domain_orders_session_idx").on(t.stripeCheckoutSessionId),
    oneOf("domain_orders_status_check", t.status, orderStatuses),
  ],
);
export type DomainOrder = typeof domainOrders.$inferSelect;

/** One domain of an order: what was charged for it, and the domain row it became. */
export const domainOrderItems = pgTable(
  "domain_order_items",
  {
    id: id(),
    orderId: cascadeRef("order_id", () => domainOrders.id),
    workspaceId: workspaceRef(),
    domainId: text("domain_id").references(() => domains.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    registrar: text("registrar").notNull(),
    years: integer("years").notNull().default(1),
    /** what the customer paid for the whole term (`years`) */
    priceCents: integer("price_cents").notNull(),
    /** the registrar's cost for the whole term, as quoted */
    costCents: integer("cost_cents").notNull(),
    renewalPriceCents: integer("renewal_price_cents"),
    renewalCostCents: integer("renewal_cost_cents"),
    extensionValues: jsonb("extension_values").$type<Record<string, string>>(),
    currency: text("currency").notNull(),
    refundId: text("refund_id"),
    refundedCents: integer("refunded_cents").notNull().default(0),
    /**
     * Set (and committed) before this line's register request is sent. A registration the
     * registrar reports for the name counts as this line's only when set: otherwise it is another
     * order's (the name was bought meanwhile), and a failed one is an earlier attempt's.
     */
    registrationRequestedAt: timestamp("registration_requested_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("domain_order_items_order_idx").on(t.orderId),
    // one line per domain per order; registrar calls and refunds are keyed by the line's id
    uniqueIndex("domain_order_items_order_domain_idx").on(t.orderId, t.domainId),
    index("domain_order_items_domain_idx").on(t.domainId),
  ],
);
export type DomainOrderItem = typeof domainOrderItems.$inferSelect;

/** Stripe events already handled: each event id once, however often and in whatever order it comes. */
export const stripeEvents = pgTable("stripe_events", {
  id: id(), // evt_...
  type: text("type").notNull(),
  orderId: text("order_id"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

export type RecordCheck = {
  /** "authoritative:ns1.example.net" or a resolver address */
  server: string;
  state: "propagated" | "missing" | "mismatch" | "error";
  found: string[];
  error?: string;
};

/**
 * A DNS record the domain should have (what setupDomainDns wrote, or what the user must paste),
 * with what the last propagation check found at each server.
 */
export const domainDnsRecords = pgTable(
  "domain_dns_records",
  {
    id: id(),
    domainId: cascadeRef("domain_id", () => domains.id),
    workspaceId: workspaceRef(),
    purpose: text("purpose").$type<"spf" | "dkim" | "dmarc" | "mx" | "tracking" | "redirect">().notNull(),
    /** fully qualified, no trailing dot */
    name: text("name").notNull(),
    type: text("type").notNull(), // TXT | MX | CNAME | A | AAAA
    content: text("content").notNull(),
    ttl: integer("ttl").notNull().default(3600),
    priority: integer("priority"),
    providerRecordId: text("provider_record_id"),
    state: text("state")
      .$type<"pending" | "propagated" | "missing" | "mismatch">()
      .notNull()
      .default("pending"),
    checks: jsonb("checks").$type<RecordCheck[]>().notNull().default([]),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("domain_dns_records_unique_idx").on(t.domainId, t.purpose, t.type, t.name, t.content)],
);
export type DomainDnsRecord = typeof domainDnsRecords.$inferSelect;

export type HealthCheckItem = {
  key: string; // spf | dkim | dmarc | mx | blacklist | age | tracking
  label: string;
  state: "pass" | "fail" | "warn" | "pending" | "unknown";
  /** points lost (0 when passing) and why */
  pointsLost: number;
  reason?: string;
  details?: Record<string, unknown>;
};

/** One health check of a domain: score, state and the reason for every point lost. */
export const domainHealthChecks = pgTable(
  "domain_health_checks",
  {
    id: id(),
    domainId: cascadeRef("domain_id", () => domains.id),
    workspaceId: workspaceRef(),
    score: integer("score").notNull(),
    state: text("state").$type<"healthy" | "warning" | "critical" | "unknown">().notNull(),
    items: jsonb("items").$type<HealthCheckItem[]>().notNull(),
    /** true when this check's state differs from the previous one (an event was emitted) */
    changed: boolean("changed").notNull().default(false),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("domain_health_checks_domain_idx").on(t.domainId, t.checkedAt)],
);
export type DomainHealthCheck = typeof domainHealthChecks.$inferSelect;
