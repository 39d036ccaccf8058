import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { addToCart } from "@/lib/domains/add-to-cart";
import { clearCart } from "@/lib/domains/clear-cart";
import { listCart } from "@/lib/domains/list-cart";
import { AddToCart } from "@/lib/domains/shop-schemas";

export const GET = apiRoute({}, ({ caller }) => listCart(getDb(), caller.workspaceId));

export const POST = apiRoute({ body: AddToCart, status: 201 }, ({ caller, body }) =>
  addToCart(getDb(), caller.workspaceId, body.name),
);

export const DELETE = apiRoute({ status: 204 }, ({ caller }) => clearCart(getDb(), caller.workspaceId));
