import { and, eq, or, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/lib/db/client";
import { events, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import type { WebhookEventType } from "./event-types";

export type EmitInput = { workspaceId: string; type: WebhookEventType; payload: Record<string, unknown> };
export type EmitResult = { eventId: string; deliveryIds: string[]; dispatched: boolean };

/**
 * Record an event and one pending delivery per active endpoint subscribed to its type (an empty
 * list subscribes to all). Given the database, it commits and enqueues the deliveries itself.
 * Given a transaction, it writes in that transaction and enqueues nothing (`dispatched: false`):
 * a job must not run before its rows are visible, or at all if they roll back, so the caller
 * calls dispatchDeliveries(result.deliveryIds) after commit.
 */
export async function emitEvent(db: DbOrTx, input: EmitInput): Promise<EmitResult> {
  if (db instanceof PgTransaction) return { ...(await recordEvent(db, input)), dispatched: false };
  const recorded = await db.transaction((tx) => recordEvent(tx, input));
  await dispatchDeliveries(recorded.deliveryIds);
  return { ...recorded, dispatched: true };
}

async function recordEvent(db: DbOrTx, input: EmitInput) {
  const eventId = crypto.randomUUID();
  await db.insert(events).values({ id: eventId, ...input });
  const endpoints = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.workspaceId, input.workspaceId),
        eq(webhookEndpoints.active, true),
        or(
          sql`cardinality(${webhookEndpoints.eventTypes}) = 0`,
          sql`${input.type} = any(${webhookEndpoints.eventTypes})`,
        ),
      ),
    );
  if (endpoints.length === 0) return { eventId, deliveryIds: [] };
  const rows = await db
    .insert(webhookDeliveries)
    .values(
      endpoints.map((e) => ({
        id: crypto.randomUUID(),
        workspaceId: input.workspaceId,
        endpointId: e.id,
        eventId,
      })),
    )
    .returning({ id: webhookDeliveries.id });
  return { eventId, deliveryIds: rows.map((r) => r.id) };
}

/** Enqueue one `webhooks.deliver` job per delivery; call after the deliveries' rows are committed. */
export async function dispatchDeliveries(deliveryIds: readonly string[]): Promise<void> {
  for (const deliveryId of deliveryIds)
    await enqueue("webhooks.deliver", { deliveryId }, { singletonKey: deliveryId });
}
