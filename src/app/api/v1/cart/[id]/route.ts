import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { removeFromCart } from "@/lib/domains/remove-from-cart";
import { setCartExtensionValues } from "@/lib/domains/set-cart-extension-values";
import { UpdateCartItem } from "@/lib/domains/shop-schemas";

export const PATCH = apiRoute({ body: UpdateCartItem }, ({ caller, params, body }) =>
  setCartExtensionValues(getDb(), caller.workspaceId, params.id!, body.extensionValues),
);

export const DELETE = apiRoute({ status: 204 }, ({ caller, params }) =>
  removeFromCart(getDb(), caller.workspaceId, params.id!),
);
