import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { CreateWebhook } from "@/lib/webhooks/api-schemas";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";

export const GET = apiRoute({}, async ({ caller }) => ({
  data: await listWebhookEndpoints(getDb(), caller.workspaceId),
}));

export const POST = apiRoute({ body: CreateWebhook, role: "admin", status: 201 }, ({ caller, body }) =>
  createWebhookEndpoint(getDb(), caller.workspaceId, body),
);
