import { and, eq, lt, sql } from "drizzle-orm";
import { completeFinishedCampaigns } from "@/lib/campaigns/complete-finished-campaigns";
import { foldCampaignCounters } from "@/lib/campaigns/fold-campaign-counters";
import { pauseCampaignsWithFailingMailboxes } from "@/lib/campaigns/pause-campaigns-with-failing-mailboxes";
import type { Db } from "@/lib/db/client";
import { sentEmails } from "@/lib/db/schema";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { enqueueSends } from "./enqueue-sends";
import { runSchedulerTick, type TickOptions } from "./scheduler";

/**
 * The per-minute campaign tick: queue what is due before the next tick, hand each email to a send
 * job starting at its planned time, re-hand any email whose job was lost (a crash between commit
 * and enqueue: queued for five real minutes with no pending job), and complete campaigns that have
 * nobody left to email, pause those whose every mailbox is unusable and one stopped by the app;
 * then fold the campaigns' counter deltas (the list's totals).
 */
export async function runCampaignTick(db: Db, now = new Date(), opts: TickOptions = {}) {
  const { queued } = await runSchedulerTick(db, now, opts);
  const stale = await db
    .select({ id: sentEmails.id })
    .from(sentEmails)
    .where(
      and(
        eq(sentEmails.status, "queued"),
        lt(sentEmails.createdAt, new Date(Date.now() - 5 * 60_000)),
        // pending (created, retry) and active as two probes, each on an index pg-boss keeps
        // (job_i17 on name + singleton key for pending; job_i14 on name + state for active)
        sql`not exists (select 1 from ${sql.identifier(BOSS_SCHEMA)}.job j
          where j.name = 'campaign.send' and j.singleton_key = "sent_emails"."id"
            and j.state < 'active' and j.singleton_key is not null)`,
        sql`not exists (select 1 from ${sql.identifier(BOSS_SCHEMA)}.job j
          where j.name = 'campaign.send' and j.state = 'active' and j.singleton_key = "sent_emails"."id")`,
      ),
    )
    .limit(500);
  await enqueueSends([
    ...queued.map((q) => ({ sentEmailId: q.id, delayMs: +q.sendAt - +now })),
    ...stale.map((s) => ({ sentEmailId: s.id, delayMs: 0 })),
  ]);
  const completed = await completeFinishedCampaigns(db);
  await pauseCampaignsWithFailingMailboxes(db);
  await foldCampaignCounters(db);
  return { queued: queued.length, requeued: stale.length, completed: completed.length };
}
