import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { deleteWebhookEndpoint, getWebhookEndpoint } from "@/lib/webhooks/webhook-endpoints";

export const GET = apiRoute({}, ({ caller, params }) =>
  getWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);

export const DELETE = apiRoute({ role: "admin" }, ({ caller, params }) =>
  deleteWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);
