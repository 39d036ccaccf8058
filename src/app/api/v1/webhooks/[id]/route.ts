import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { UpdateWebhook } from "@/lib/webhooks/api-schemas";
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/lib/webhooks/webhook-endpoints";

export const GET = apiRoute({}, ({ caller, params }) =>
  getWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);

export const PATCH = apiRoute({ body: UpdateWebhook, role: "admin" }, ({ caller, params, body }) =>
  updateWebhookEndpoint(getDb(), caller.workspaceId, params.id!, body),
);

export const DELETE = apiRoute({ role: "admin", status: 204 }, ({ caller, params }) =>
  deleteWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);
