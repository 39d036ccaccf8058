import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { events, webhookDeliveries } from "@/lib/db/schema";
import { findWebhookEndpoint } from "./find-webhook-endpoint";

/** An endpoint's most recent deliveries, newest first, with how the last attempt went. */
export async function listWebhookDeliveries(db: DbOrTx, workspaceId: string, endpointId: string, limit = 50) {
  await findWebhookEndpoint(db, workspaceId, endpointId);
  const rows = await db
    .select({ delivery: webhookDeliveries, eventType: events.type })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
  return rows.map(({ delivery: d, eventType }) => ({
    id: d.id,
    eventId: d.eventId,
    eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}
