import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateWebhook } from "@/lib/webhooks/api-schemas";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-webhook-endpoint";
import { getWebhookEndpoint } from "@/lib/webhooks/get-webhook-endpoint";
import { updateWebhookEndpoint } from "@/lib/webhooks/update-webhook-endpoint";

export const GET = apiRoute({}, ({ caller, params }) =>
  getWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);

export const PATCH = apiRoute({ body: UpdateWebhook, role: "admin" }, ({ caller, params, body }) =>
  updateWebhookEndpoint(getDb(), caller.workspaceId, params.id!, body),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  deleteWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);
