import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { addToCart, clearCart, listCart } from "@/lib/domains/cart";
import { AddToCart } from "@/lib/domains/shop-schemas";

export const GET = apiRoute({}, ({ caller }) => listCart(getDb(), caller.workspaceId));

export const POST = apiRoute({ body: AddToCart, status: 201 }, ({ caller, body }) =>
  addToCart(getDb(), caller.workspaceId, body.name),
);

export const DELETE = apiRoute({ status: 204 }, ({ caller }) => clearCart(getDb(), caller.workspaceId));
