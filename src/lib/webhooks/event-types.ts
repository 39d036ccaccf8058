/** Every event a workspace's outbound webhooks can subscribe to. */
export const webhookEventTypes = [
  "reply.received",
  "lead.bounced",
  "lead.complained",
  "lead.unsubscribed",
  "lead.interested",
  "domain.health_changed",
  "domain.renewal_failed",
  "campaign.paused",
  "mailbox.error",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only by "test" to one endpoint; never stored as an event, never subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** What a receiver gets as the JSON body, for every event type. */
export type WebhookBody = {
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  data: Record<string, unknown>;
};
