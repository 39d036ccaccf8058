import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { removeFromCart } from "@/lib/domains/remove-from-cart";

export const DELETE = apiRoute({ status: 204 }, ({ caller, params }) =>
  removeFromCart(getDb(), caller.workspaceId, params.id!),
);
