import * as S from "@/lib/domains/shop-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { del, get, patch, post } = operationsOf("Domain shop");

export const domainShopOperations: Operation[] = [
  post(
    "/api/v1/domains/search",
    "Check up to 50 names × a TLD set (availability, premium, the TLD's minimum term, first-term and renewal price with markup, extra details it needs, not sold yet); per-name errors",
    { body: S.SearchRequest, response: S.SearchResponse },
  ),
  get("/api/v1/domains/search/tlds", "The TLDs searched by default", { response: S.SearchTlds }),
  get("/api/v1/domains/shop", "What the domain shop can do on this server, and what is missing", {
    response: S.ShopReadiness,
  }),
  get("/api/v1/cart", "The workspace's cart", { response: S.CartView }),
  post(
    "/api/v1/cart",
    "Add a domain for its TLD's minimum term (availability, price and TLD rules checked again now; 409 when taken, premium or not sold)",
    {
      body: S.AddToCart,
      response: S.CartItemView,
      status: 201,
    },
  ),
  del("/api/v1/cart", "Empty the cart", { status: 204 }),
  patch(
    "/api/v1/cart/{id}",
    "Give a cart item's extra registrant details (400 naming each wrong field; checkout is refused while a required one is missing)",
    { body: S.UpdateCartItem, response: S.CartItemView },
  ),
  del("/api/v1/cart/{id}", "Remove a cart item", { status: 204 }),
  post(
    "/api/v1/checkout",
    "Check out the cart (admin): re-checks every domain and its TLD's rules (409 with problems when one changed or needs details), creates the order and a Stripe Checkout Session; redirect to url",
    { response: S.CheckoutResponse, status: 201, role: "admin" },
  ),
  post(
    "/api/v1/billing/card",
    "Update the card renewals are charged to (admin): a Stripe Checkout Session in setup mode on the workspace's customer; redirect to url. The card entered there replaces the saved one once Stripe confirms it",
    { body: S.CardUpdateRequest, response: S.CardUpdateSession, status: 201, role: "admin" },
  ),
  get("/api/v1/orders", "Domain orders, newest first", { response: S.OrderList }),
  get(
    "/api/v1/orders/{id}",
    "A domain order with each domain's progress (paid → registering → registered → DNS → active, or failed and refunded)",
    { response: S.OrderView },
  ),
];
