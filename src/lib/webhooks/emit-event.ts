import { and, eq } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/lib/db/client";
import { events, webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { recordNotifications } from "@/lib/notifications/record-notifications";
import { enqueue, producer } from "@/lib/queue/enqueue";
import type { WebhookEventType } from "./event-types";

export type EmitInput = { workspaceId: string; type: WebhookEventType; payload: Record<string, unknown> };
export type EmitResult = { eventId: string; deliveryIds: string[]; dispatched: boolean };
export type EmitOptions = {
  /**
   * The workspace's active endpoints, read once for many events in one transaction (an inbox
   * sync's chunk) instead of once per event. Only for use inside that one transaction: an endpoint
   * created or disabled after it commits must count for the next events.
   */
  endpoints?: EndpointCache;
};
type ActiveEndpoint = { id: string; eventTypes: string[] };
export type EndpointCache = Map<string, ActiveEndpoint[]>;

/** An empty cache for emitEvent's `endpoints` option; make one per transaction. */
export const endpointCache = (): EndpointCache => new Map();

/**
 * Record an event and one pending delivery per active endpoint subscribed to its type (an empty
 * list subscribes to all), and the notification emails it makes for the people who opted in
 * (notifications.deliver sends those; nothing to dispatch). Given the database, it commits and enqueues the deliveries itself.
 * Given a transaction, it writes in that transaction and enqueues nothing (`dispatched: false`):
 * a job must not run before its rows are visible, or at all if they roll back, so the caller
 * calls dispatchDeliveries(result.deliveryIds) after commit.
 */
export async function emitEvent(db: DbOrTx, input: EmitInput, opts: EmitOptions = {}): Promise<EmitResult> {
  if (db instanceof PgTransaction) return { ...(await recordEvent(db, input, opts)), dispatched: false };
  const recorded = await db.transaction((tx) => recordEvent(tx, input, opts));
  await dispatchDeliveries(recorded.deliveryIds);
  return { ...recorded, dispatched: true };
}

async function recordEvent(db: DbOrTx, input: EmitInput, opts: EmitOptions) {
  const [recorded] = await recordEvents(db, [input], opts);
  return { eventId: recorded!.eventId, deliveryIds: recorded!.deliveryIds };
}

/**
 * Many events in the caller's transaction: one insert for the events and one for their
 * deliveries, whatever their number (an inbox sync's chunk of replies). Dispatch the returned
 * deliveries after commit, as with emitEvent given a transaction.
 */
export async function emitEvents(
  tx: DbOrTx,
  inputs: EmitInput[],
  opts: EmitOptions = {},
): Promise<{ deliveryIds: string[] }> {
  const recorded = await recordEvents(tx, inputs, opts);
  return { deliveryIds: recorded.flatMap((r) => r.deliveryIds) };
}

async function recordEvents(db: DbOrTx, inputs: EmitInput[], opts: EmitOptions) {
  if (!inputs.length) return [];
  const rows = inputs.map((input) => ({ id: crypto.randomUUID(), ...input }));
  await db.insert(events).values(rows);
  // the emails people opted into, in the same transaction: an event rolled back notifies no one
  await recordNotifications(db, rows);
  const cache = opts.endpoints ?? endpointCache();
  const deliveries: { id: string; workspaceId: string; endpointId: string; eventId: string }[] = [];
  const out: { eventId: string; deliveryIds: string[] }[] = [];
  for (const event of rows) {
    const endpoints = (await activeEndpoints(db, event.workspaceId, cache)).filter(
      (e) => e.eventTypes.length === 0 || e.eventTypes.includes(event.type),
    );
    const mine = endpoints.map((e) => ({
      id: crypto.randomUUID(),
      workspaceId: event.workspaceId,
      endpointId: e.id,
      eventId: event.id,
    }));
    deliveries.push(...mine);
    out.push({ eventId: event.id, deliveryIds: mine.map((d) => d.id) });
  }
  if (deliveries.length) await db.insert(webhookDeliveries).values(deliveries);
  return out;
}

/** Every active endpoint of the workspace (an empty type list subscribes to every type). */
async function activeEndpoints(db: DbOrTx, workspaceId: string, cache?: EndpointCache) {
  const cached = cache?.get(workspaceId);
  if (cached) return cached;
  const rows = await db
    .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.active, true)));
  cache?.set(workspaceId, rows);
  return rows;
}

/**
 * Enqueue one `webhooks.deliver` job per delivery; call after the deliveries' rows are committed.
 * Many at once (an inbox sync's chunk) go in one insert, not one round trip each. A crash before
 * this leaves them pending, and requeueStrandedDeliveries enqueues them later.
 */
export async function dispatchDeliveries(deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 1)
    await enqueue("webhooks.deliver", { deliveryId: deliveryIds[0]! }, { singletonKey: deliveryIds[0] });
  if (deliveryIds.length <= 1) return;
  const boss = await producer();
  await boss.insert(
    "webhooks.deliver",
    deliveryIds.map((deliveryId) => ({ data: { deliveryId }, singletonKey: deliveryId })),
  );
}
