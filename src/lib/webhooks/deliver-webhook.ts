import { eq, sql } from "drizzle-orm";
import { decryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { events, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { type SendOptions, type SendResult, sendWebhook } from "./send-webhook";

export type DeliverOptions = SendOptions & {
  /** the queue will not retry after this attempt: a failure marks the delivery failed */
  finalAttempt?: boolean;
};

export type DeliverOutcome = SendResult & { status: "delivered" | "failed" | "pending" | "skipped" };

export class WebhookRetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookRetryError";
  }
}

/**
 * Send one delivery (the `webhooks.deliver` job). 2xx marks it delivered; otherwise the status
 * code or error is recorded and WebhookRetryError thrown so the queue retries with backoff, until
 * the final attempt marks it failed. Safe to run again: a delivered or failed row is not re-sent
 * (receivers should still de-duplicate by event id, as any at-least-once sender requires).
 */
export async function deliverWebhook(
  db: DbOrTx,
  deliveryId: string,
  opts: DeliverOptions = {},
): Promise<DeliverOutcome> {
  const [row] = await db
    .select({
      status: webhookDeliveries.status,
      url: webhookEndpoints.url,
      secretEnc: webhookEndpoints.secretEnc,
      active: webhookEndpoints.active,
      event: events,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId));
  // gone with its endpoint, or already settled
  if (row?.status !== "pending") return { status: "skipped", ok: false, statusCode: null, error: null };
  const result: SendResult = row.active
    ? await sendWebhook(
        { url: row.url, secret: decryptSecret(row.secretEnc) },
        {
          id: row.event.id,
          type: row.event.type,
          createdAt: row.event.createdAt.toISOString(),
          workspaceId: row.event.workspaceId,
          data: row.event.payload,
        },
        opts,
      )
    : { ok: false, statusCode: null, error: "the endpoint is disabled" };
  const status = result.ok ? "delivered" : opts.finalAttempt || !row.active ? "failed" : "pending";
  await db
    .update(webhookDeliveries)
    .set({
      status,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastStatusCode: result.statusCode,
      lastError: result.error,
      ...(result.ok ? { deliveredAt: opts.now ?? new Date() } : {}),
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  if (status === "pending") throw new WebhookRetryError(result.error ?? "delivery failed");
  return { ...result, status };
}
