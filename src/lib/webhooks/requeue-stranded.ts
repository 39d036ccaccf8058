import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { webhookDeliveries } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { dispatchDeliveries } from "./emit-event";

/**
 * A pending delivery this old with no live job lost it, or never had one: a crash between commit
 * and enqueue, or an event emitted inside a larger transaction (an automatic pause, a mailbox
 * stopped), whose deliveries this sweep enqueues once committed. A minute: a delivery's own
 * dispatch follows its commit within milliseconds.
 */
export const STRANDED_AFTER_MS = 60_000;
/** Older ones are left alone: their event is stale, and a delivery is not retried forever. */
export const STRANDED_MAX_AGE_MS = 3 * 86_400_000;

/**
 * The `webhooks.requeue-stranded` sweep (every minute): enqueue webhook deliveries left pending
 * without a `webhooks.deliver` job waiting, retrying or running for them (the caller crashed after
 * committing the event, the queue lost the job, or the event was emitted in a transaction that
 * could not dispatch it).
 * Safe to run twice or on two workers at once: the job is enqueued with the delivery's id as its
 * singleton key, and a delivered or failed row is never sent again by the job.
 */
export async function requeueStrandedDeliveries(db: DbOrTx, now = new Date()): Promise<number> {
  const stranded = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lt(webhookDeliveries.createdAt, new Date(now.getTime() - STRANDED_AFTER_MS)),
        gt(webhookDeliveries.createdAt, new Date(now.getTime() - STRANDED_MAX_AGE_MS)),
        sql`not exists (select 1 from ${sql.identifier(BOSS_SCHEMA)}.job j
          where j.name = 'webhooks.deliver' and j.singleton_key = "webhook_deliveries"."id"
            and j.state in ('created', 'retry', 'active'))`,
      ),
    )
    .limit(1000);
  if (stranded.length === 0) return 0;
  await dispatchDeliveries(stranded.map((s) => s.id));
  logger.info({ count: stranded.length }, "stranded webhook deliveries re-enqueued");
  return stranded.length;
}
