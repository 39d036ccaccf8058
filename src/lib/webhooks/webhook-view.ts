import type { z } from "zod";
import type { WebhookEndpoint } from "@/lib/db/schema";
import type { Webhook } from "./api-schemas";
import { redactUrlUserinfo } from "./redact-url-userinfo";

export type WebhookView = z.output<typeof Webhook>;

/**
 * The endpoint as the API shows it: never the secret, which exists in clear only at creation, nor
 * a password in its URL.
 */
export const toWebhookView = (e: WebhookEndpoint): WebhookView => ({
  id: e.id,
  url: redactUrlUserinfo(e.url),
  eventTypes: e.eventTypes,
  enabled: e.active,
  createdAt: e.createdAt.toISOString(),
});
