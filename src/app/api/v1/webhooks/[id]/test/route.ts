import { apiRoute } from "@/lib/api/handler";
import { getDb } from "@/lib/db/client";
import { testWebhookEndpoint } from "@/lib/webhooks/test-webhook-endpoint";

// 200, not 201: nothing is created; the body says whether the endpoint accepted the event.
export const POST = apiRoute({ role: "admin" }, ({ caller, params }) =>
  testWebhookEndpoint(getDb(), caller.workspaceId, params.id!),
);
