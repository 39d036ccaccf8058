import * as S from "@/lib/domains/shop-schemas";
import type { Operation } from "./types";

const tag = "Domain shop";
export const domainShopOperations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/domains/search",
    summary: "Check up to 50 names × a TLD set (availability, premium, price with markup); per-name errors",
    tag,
    body: S.SearchRequest,
    response: S.SearchResponse,
  },
  {
    method: "get",
    path: "/api/v1/domains/search/tlds",
    summary: "The TLDs searched by default",
    tag,
    response: S.SearchTlds,
  },
  { method: "get", path: "/api/v1/cart", summary: "The workspace's cart", tag, response: S.CartView },
  {
    method: "post",
    path: "/api/v1/cart",
    summary: "Add a domain (availability and price checked again now; 409 when taken or premium)",
    tag,
    body: S.AddToCart,
    response: S.CartItemView,
    status: 201,
  },
  { method: "delete", path: "/api/v1/cart", summary: "Empty the cart", tag, status: 204 },
  { method: "delete", path: "/api/v1/cart/{id}", summary: "Remove a cart item", tag, status: 204 },
  {
    method: "post",
    path: "/api/v1/checkout",
    role: "admin",
    summary:
      "Check out the cart (admin): re-checks every domain (409 with problems when one changed), creates the order and a Stripe Checkout Session; redirect to url",
    tag,
    response: S.CheckoutResponse,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/orders",
    summary: "Domain orders, newest first",
    tag,
    response: S.OrderList,
  },
  {
    method: "get",
    path: "/api/v1/orders/{id}",
    summary:
      "A domain order with each domain's progress (paid → registering → registered → DNS → active, or failed and refunded)",
    tag,
    response: S.OrderView,
  },
];
