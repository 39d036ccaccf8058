/** Shapes of the domain shop endpoints (/api/v1/domains/search, /cart, /checkout, /orders), as the pages use them. */

export type SearchResult = {
  /** punycode */
  name: string;
  /** unicode, as people type it */
  displayName: string;
  label: string;
  tld: string;
  available: boolean;
  premium: boolean;
  /** per year, with the platform's markup; null when the registrar gave no price (RDAP hint) */
  priceCents: number | null;
  renewalCents: number | null;
  currency: string;
  registrar: string;
  reason: string | null;
  suggestion: boolean;
  inCart: boolean;
};

export type SearchResponse = {
  results: SearchResult[];
  errors: { input: string; message: string }[];
  tlds: string[];
};

export type CartItem = {
  id: string;
  name: string;
  displayName: string;
  priceCents: number;
  currency: string;
  registrar: string;
  years: number;
  createdAt: string;
};

export type Cart = { items: CartItem[]; totalCents: number; currency: string };

export type OrderStatus = "pending_payment" | "paid" | "completed" | "failed" | "expired";

export type DomainStatus =
  | "pending_payment"
  | "paid"
  | "registering"
  | "registered"
  | "configuring_dns"
  | "verifying_dns"
  | "active"
  | "failed"
  | "cancelled";

export type OrderItem = {
  id: string;
  name: string;
  displayName: string;
  priceCents: number;
  refundedCents: number;
  domainId: string | null;
  domainStatus: DomainStatus | null;
  domainStatusReason: string | null;
  registeredAt: string | null;
};

export type Order = {
  id: string;
  status: OrderStatus;
  statusReason: string | null;
  totalCents: number;
  refundedCents: number;
  currency: string;
  createdAt: string;
  paidAt: string | null;
  checkoutUrl: string | null;
  items: OrderItem[];
};

/** A row of GET /api/v1/orders: an order without its items, with their count and names. */
export type OrderSummary = Omit<Order, "items"> & { domainCount: number; names: string[] };
