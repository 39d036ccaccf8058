import { completeFinishedCampaigns } from "@/lib/campaigns/complete-finished-campaigns";
import { foldCampaignCounters } from "@/lib/campaigns/fold-campaign-counters";
import { pauseCampaignsWithFailingMailboxes } from "@/lib/campaigns/pause-campaigns-with-failing-mailboxes";
import type { Db } from "@/lib/db/client";
import { runSchedulerTick, type TickOptions } from "./scheduler";

/**
 * The per-minute campaign tick: queue what is due before the next tick (each email a `sent_emails`
 * row due at its planned time, which the workers' send loop takes then: runSendLoop), complete
 * campaigns that have nobody left to email, pause those whose every mailbox is unusable and one
 * stopped by the app; then fold the campaigns' counter deltas (the list's totals).
 */
export async function runCampaignTick(db: Db, now = new Date(), opts: TickOptions = {}) {
  const { queued } = await runSchedulerTick(db, now, opts);
  const completed = await completeFinishedCampaigns(db);
  await pauseCampaignsWithFailingMailboxes(db);
  await foldCampaignCounters(db);
  return { queued: queued.length, completed: completed.length };
}
