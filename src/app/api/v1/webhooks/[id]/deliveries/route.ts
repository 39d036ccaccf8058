import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";

export const GET = apiRoute({}, async ({ caller, params }) => ({
  data: await listWebhookDeliveries(getDb(), caller.workspaceId, params.id!),
}));
