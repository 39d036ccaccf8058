import { apiRoute } from "@/lib/api/handler";
import { startCardUpdate } from "@/lib/billing/start-card-update";
import { getDb } from "@/lib/db/client";
import { CardUpdateRequest } from "@/lib/domains/shop-schemas";

export const POST = apiRoute({ body: CardUpdateRequest, role: "admin", status: 201 }, ({ caller, body }) =>
  startCardUpdate(getDb(), caller.workspaceId, { returnTo: body.returnTo ?? "/domains" }),
);
