import { z } from "zod";
import { webhookEventTypes } from "./event-types";

export const WebhookEventTypeSchema = z
  .enum(webhookEventTypes)
  .describe(
    "lead.bounced: data.bounce = {type: hard|soft|block, reason, status, recipient, diagnostic} and data.suppressed (a block never suppresses the lead); lead.complained: a spam complaint, data.complaint = {feedbackType, recipient, reporter, arrivalDate}, the lead suppressed; campaign.paused: data = {campaignId, name, pausedByUserId, pausedByName, reason} (pausedBy null when automatic); mailbox.error: a mailbox stopped sending, data = {mailboxId, email, status: error|paused, reason}",
  )
  .meta({ id: "WebhookEventType" });

export const CreateWebhook = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
      .max(2000)
      .describe(
        "http or https, without user:password@; a host resolving to a private or loopback address is refused unless ALLOWED_PRIVATE_HOSTS allows it",
      ),
    eventTypes: z
      .array(WebhookEventTypeSchema)
      .max(webhookEventTypes.length)
      .default([])
      .describe("the events it receives; empty (the default) means all"),
  })
  .meta({ id: "CreateWebhook" });

export const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z
      .boolean()
      .describe("a disabled endpoint receives nothing, not even a retry of an earlier event"),
    createdAt: z.string(),
  })
  .meta({ id: "Webhook" });

export const UpdateWebhook = z
  .object({
    enabled: z
      .boolean()
      .describe("false stops all deliveries to the endpoint (pending ones fail); true resumes new ones"),
  })
  .strict()
  .meta({ id: "UpdateWebhook" });

export const WebhookList = z.object({ data: z.array(Webhook) }).meta({ id: "WebhookList" });

export const CreatedWebhook = z
  .object({
    secret: z.string().describe("the signing secret (whsec_…): shown this once, store it now"),
    webhook: Webhook,
  })
  .meta({ id: "CreatedWebhook" });

export const WebhookTestResult = z
  .object({ ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable() })
  .meta({ id: "WebhookTestResult" });

export const WebhookDelivery = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "WebhookDelivery" });

export const WebhookDeliveryList = z
  .object({ data: z.array(WebhookDelivery) })
  .meta({ id: "WebhookDeliveryList" });
