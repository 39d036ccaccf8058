import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { startCheckout } from "@/lib/domains/checkout";

/** Cart → order → Stripe Checkout: answers the URL to send the browser to. Also at /api/v1/checkout. */
export const POST = apiRoute({ role: "admin", status: 201 }, ({ caller }) => startCheckout(getDb(), caller));
