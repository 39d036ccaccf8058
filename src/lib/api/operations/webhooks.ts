import * as W from "@/lib/webhooks/api-schemas";
import type { Operation } from "./types";

const tag = "Webhooks";
export const webhookOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/webhooks",
    summary: "The workspace's outbound webhook endpoints",
    tag,
    response: W.WebhookList,
  },
  {
    method: "post",
    path: "/api/v1/webhooks",
    role: "admin",
    summary:
      'Add an endpoint (admin). Each POST is signed: `Coldframe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`; the secret is returned only here',
    tag,
    body: W.CreateWebhook,
    response: W.CreatedWebhook,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/webhooks/{id}",
    summary: "Get an endpoint (never its secret)",
    tag,
    response: W.Webhook,
  },
  {
    method: "patch",
    path: "/api/v1/webhooks/{id}",
    role: "admin",
    summary:
      "Enable or disable an endpoint (admin). A disabled endpoint receives nothing: no new deliveries are created for it and pending ones fail without being sent",
    tag,
    body: W.UpdateWebhook,
    response: W.Webhook,
  },
  {
    method: "delete",
    path: "/api/v1/webhooks/{id}",
    role: "admin",
    summary: "Delete an endpoint and its deliveries (admin)",
    tag,
    status: 204,
  },
  {
    method: "post",
    path: "/api/v1/webhooks/{id}/test",
    role: "admin",
    summary: "Send a signed `webhook.test` event to this endpoint now and report its answer (admin)",
    tag,
    response: W.WebhookTestResult,
  },
  {
    method: "get",
    path: "/api/v1/webhooks/{id}/deliveries",
    summary: "The endpoint's 50 most recent deliveries: status, attempts, last status code or error",
    tag,
    response: W.WebhookDeliveryList,
  },
];
