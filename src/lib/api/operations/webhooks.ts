import * as W from "@/lib/webhooks/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { del, get, patch, post } = operationsOf("Webhooks");

export const webhookOperations: Operation[] = [
  get("/api/v1/webhooks", "The workspace's outbound webhook endpoints", { response: W.WebhookList }),
  post(
    "/api/v1/webhooks",
    'Add an endpoint (admin). Each POST is signed: `Coldframe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`; the secret is returned only here',
    { body: W.CreateWebhook, response: W.CreatedWebhook, status: 201, role: "admin" },
  ),
  get("/api/v1/webhooks/{id}", "Get an endpoint (never its secret)", { response: W.Webhook }),
  patch(
    "/api/v1/webhooks/{id}",
    "Enable or disable an endpoint (admin). A disabled endpoint receives nothing: no new deliveries are created for it and pending ones fail without being sent",
    { body: W.UpdateWebhook, response: W.Webhook, role: "admin" },
  ),
  del("/api/v1/webhooks/{id}", "Delete an endpoint and its deliveries (admin)", {
    status: 204,
    role: "admin",
  }),
  post(
    "/api/v1/webhooks/{id}/test",
    "Send a signed `webhook.test` event to this endpoint now and report its answer (admin)",
    { response: W.WebhookTestResult, role: "admin" },
  ),
  get(
    "/api/v1/webhooks/{id}/deliveries",
    "The endpoint's 50 most recent deliveries: status, attempts, last status code or error",
    { response: W.WebhookDeliveryList },
  ),
];
