import type { z } from "zod";
import type { DomainStatus } from "@/lib/db/schema/domains";
import type {
  CartItemView,
  CartView,
  OrderItemView,
  OrderSummary as OrderSummarySchema,
  OrderView,
  SearchResponse as SearchResponseSchema,
  SearchResult as SearchResultSchema,
  ShopReadiness as ShopReadinessSchema,
} from "@/lib/domains/shop-schemas";

/** Shapes of the domain shop endpoints (/api/v1/domains/search, /cart, /checkout, /orders), as the pages use them. */
export type { DomainStatus };
export type SearchResult = z.infer<typeof SearchResultSchema>;
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
export type ShopReadiness = z.infer<typeof ShopReadinessSchema>;
export type CartItem = z.infer<typeof CartItemView>;
export type Cart = z.infer<typeof CartView>;
/** the API sends domains.status as a string; the pages know its values */
export type OrderItem = Omit<z.infer<typeof OrderItemView>, "domainStatus"> & {
  domainStatus: DomainStatus | null;
};
export type Order = Omit<z.infer<typeof OrderView>, "items"> & { items: OrderItem[] };
export type OrderStatus = Order["status"];
export type OrderSummary = z.infer<typeof OrderSummarySchema>;
