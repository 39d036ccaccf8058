import { z } from "zod";

/** API shapes of the domain shop (search, cart, checkout, orders): zod for parsing and OpenAPI. */
export const SearchRequest = z
  .strictObject({
    names: z
      .array(z.string().max(300))
      .min(1, "give at least one name")
      .max(50, "at most 50 names per search")
      .describe("bare labels (acme) or full names (acme.io); Unicode names are searched as punycode"),
    tlds: z
      .array(z.string().max(70))
      .max(30)
      .optional()
      .describe("defaults to GET /api/v1/domains/search/tlds"),
    suggestions: z.boolean().optional().describe("also check variants such as getacme, acmehq"),
  })
  .meta({ id: "DomainSearchRequest" });

export const ExtensionField = z
  .object({
    key: z.string().describe("the registrar's own key: send it back as is in extensionValues"),
    label: z.string(),
    required: z.boolean(),
    options: z
      .array(z.object({ value: z.string(), label: z.string() }))
      .optional()
      .describe("when given, the value must be one of these"),
    pattern: z.string().optional().describe("a regular expression the whole value must match"),
    help: z.string().optional(),
  })
  .meta({ id: "DomainExtensionField" });

export const SearchResult = z
  .object({
    name: z.string().describe("lower-case punycode"),
    displayName: z.string().describe("Unicode form"),
    label: z.string(),
    tld: z.string(),
    available: z.boolean().describe("can be bought now (premium names never are)"),
    premium: z.boolean(),
    sellable: z.boolean().describe("false: the TLD is not sold yet (reason says why)"),
    minYears: z.number().int().describe("the TLD's minimum term: what a purchase buys (.ai: 2)"),
    priceCents: z
      .number()
      .int()
      .nullable()
      .describe("the first term (minYears × the yearly price), with the platform's markup"),
    renewalCents: z.number().int().nullable().describe("one renewal year, with the platform's markup"),
    extensionFields: z.array(ExtensionField).describe("extra registrant details the cart will ask for"),
    currency: z.string(),
    registrar: z.string(),
    reason: z.string().nullable(),
    suggestion: z.boolean(),
    inCart: z.boolean(),
  })
  .meta({ id: "DomainSearchResult" });

export const SearchResponse = z
  .object({
    results: z.array(SearchResult),
    errors: z.array(z.object({ input: z.string(), message: z.string() })),
    tlds: z.array(z.string()),
  })
  .meta({ id: "DomainSearchResponse" });

export const SearchTlds = z.object({ defaults: z.array(z.string()) }).meta({ id: "DomainSearchTlds" });

export const ShopReadiness = z
  .object({
    ready: z.boolean().describe("search and checkout both work"),
    workspaceRegistrars: z.number().int().describe("the workspace's registrar accounts in working order"),
    platformRegistrars: z
      .array(z.enum(["cloudflare", "namecom"]))
      .describe("the server's own registrar accounts (bought through them, paid by card)"),
    payments: z.boolean().describe("Stripe is configured: checkout works"),
    missing: z
      .array(z.object({ part: z.enum(["registrar", "payments"]), message: z.string() }))
      .describe("what is missing, and where it is set"),
  })
  .meta({ id: "DomainShopReadiness" });

export const AddToCart = z.strictObject({ name: z.string().min(1).max(300) }).meta({ id: "AddToCart" });

export const UpdateCartItem = z
  .strictObject({
    extensionValues: z
      .record(z.string().max(100), z.string().max(500))
      .describe("the TLD's extra registrant details by field key; replaces the line's; blank = not given"),
  })
  .meta({ id: "UpdateCartItem" });

export const CartItemView = z
  .object({
    id: z.string(),
    name: z.string(),
    displayName: z.string(),
    priceCents: z.number().int().describe("the whole first term (years), with markup"),
    renewalPriceCents: z.number().int().nullable().describe("one renewal year, with markup"),
    currency: z.string(),
    registrar: z.string(),
    years: z.number().int().describe("the first term: the TLD's minimum"),
    extensionFields: z.array(ExtensionField),
    extensionValues: z.record(z.string(), z.string()),
    missingDetails: z.array(z.string()).describe("keys of required fields not given yet"),
    needsDetails: z.boolean().describe("checkout is refused while true"),
    dnsNote: z
      .string()
      .nullable()
      .describe("set when the registrar keeps its own nameservers (Cloudflare): where the DNS lives"),
    createdAt: z.string(),
  })
  .meta({ id: "CartItem" });

export const CartView = z
  .object({
    items: z.array(CartItemView),
    totalCents: z.number().int().describe("due now: every line's first term"),
    renewalTotalCents: z.number().int().nullable().describe("one renewal year of every line"),
    currency: z.string(),
    needsDetails: z.number().int().describe("lines whose required details are missing"),
    warnings: z
      .array(z.object({ message: z.string(), about: z.string().optional() }))
      .describe("what would make checkout fail (a registrar account's domain cap)"),
  })
  .meta({ id: "Cart" });

export const CheckoutResponse = z
  .object({
    orderId: z.string(),
    url: z.string().describe("Stripe Checkout: redirect the browser there"),
  })
  .meta({ id: "CheckoutResponse" });

export const OrderItemView = z
  .object({
    id: z.string(),
    name: z.string(),
    displayName: z.string(),
    priceCents: z.number().int().describe("the whole first term (years)"),
    years: z.number().int(),
    renewalPriceCents: z.number().int().nullable().describe("one renewal year"),
    registrar: z.string(),
    dnsNote: z.string().nullable(),
    refundedCents: z.number().int(),
    domainId: z.string().nullable(),
    domainStatus: z.string().nullable(),
    domainStatusReason: z.string().nullable(),
    registeredAt: z.string().nullable(),
  })
  .meta({ id: "DomainOrderItem" });

const orderFields = {
  id: z.string(),
  status: z.enum(["pending_payment", "paid", "completed", "failed", "expired"]),
  statusReason: z.string().nullable(),
  totalCents: z.number().int(),
  refundedCents: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  checkoutUrl: z.string().nullable().describe("Stripe Checkout URL while the order waits for payment"),
};

export const OrderSummary = z
  .object({ ...orderFields, domainCount: z.number().int(), names: z.array(z.string()) })
  .meta({ id: "DomainOrderSummary" });

export const OrderList = z.object({ orders: z.array(OrderSummary) }).meta({ id: "DomainOrderList" });

export const OrderView = z
  .object({ ...orderFields, items: z.array(OrderItemView) })
  .meta({ id: "DomainOrder" });

/** A path of this app to come back to: one leading slash (never `//host`), no backslashes. */
const AppPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\\\s]*$/, "must be a path of this app, such as /domains/abc")
  .describe("the page of this app to come back to after Stripe (default /domains)");

export const CardUpdateRequest = z
  .strictObject({ returnTo: AppPath.optional() })
  .meta({ id: "CardUpdateRequest" });

export const CardUpdateSession = z
  .object({
    url: z
      .string()
      .describe(
        "Stripe's page where the new card is entered (nothing is charged); it comes back with ?card=saved or ?card=cancelled",
      ),
  })
  .meta({ id: "CardUpdateSession" });
