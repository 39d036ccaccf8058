import { eq, sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { emailEvents } from "@/lib/db/schema";
import { markCampaignPaused } from "./mark-campaign-paused";

/**
 * Pause an active campaign whose bounce or complaint rate is over the operator's limit
 * (AUTO_PAUSE_BOUNCE_PERCENT, AUTO_PAUSE_COMPLAINT_PERCENT), once AUTO_PAUSE_MIN_SENT of its
 * emails went out (a rate of a handful means nothing). Called where a bounce or complaint is
 * recorded, in that transaction: a list gone bad stops before it hurts the mailboxes' reputation.
 * Its webhook deliveries are picked up by the stranded-delivery sweep (every minute) once committed.
 */
export async function pauseOnHighRates(tx: DbOrTx, campaignId: string): Promise<void> {
  const e = env();
  if (!e.AUTO_PAUSE_BOUNCE_PERCENT && !e.AUTO_PAUSE_COMPLAINT_PERCENT) return;
  const n = (type: string) =>
    sql<number>`count(distinct ${emailEvents.sentEmailId}) filter (where ${emailEvents.type} = ${type})::int`;
  const [c] = await tx
    .select({ sent: n("sent"), bounced: n("bounce"), complained: n("complaint") })
    .from(emailEvents)
    .where(eq(emailEvents.campaignId, campaignId));
  if (!c || c.sent < e.AUTO_PAUSE_MIN_SENT) return;
  const over = (count: number, limit: number) => limit > 0 && (count / c.sent) * 100 > limit;
  const pct = (count: number) => `${Math.round((count / c.sent) * 1000) / 10}%`;
  const reason = over(c.bounced, e.AUTO_PAUSE_BOUNCE_PERCENT)
    ? `its bounce rate is ${pct(c.bounced)} (${c.bounced} of ${c.sent} emails), over the ${e.AUTO_PAUSE_BOUNCE_PERCENT}% limit`
    : over(c.complained, e.AUTO_PAUSE_COMPLAINT_PERCENT)
      ? `its spam complaint rate is ${pct(c.complained)} (${c.complained} of ${c.sent} emails), over the ${e.AUTO_PAUSE_COMPLAINT_PERCENT}% limit`
      : null;
  if (reason) await markCampaignPaused(tx, { campaignId, by: null, reason });
}
