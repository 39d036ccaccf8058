import { and, eq, inArray, sql } from "drizzle-orm";
import type { LaunchPreview } from "@/lib/campaigns/api-schemas";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { launchProblems } from "@/lib/campaigns/launch-campaign";
import { localTime, nextWindowOpening } from "@/lib/campaigns/schedule";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaignMailboxes, mailboxes } from "@/lib/db/schema";
import { todayLimit } from "@/lib/mailboxes/capacity";

const DAY_MS = 86_400_000;
/** How far ahead the pace is followed before saying "more than a year". */
const MAX_DAYS = 366;

/**
 * What launching would do, before the first email goes: the leads waiting and the emails their
 * sequence holds at most (replies stop it sooner), each active mailbox's pace (its daily limit with
 * warm-up, bounded by how many gaps fit in the campaign's daily window), the daily volume with the
 * campaign's cap, when the first email can leave, and when the last would at that pace. The end
 * date follows the sequence day by day: each day's volume goes to follow-ups due first, then to new
 * leads, and each send makes the lead's next step due its delay later. Also every problem launch
 * would refuse.
 */
export async function previewLaunch(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  now = new Date(),
): Promise<LaunchPreview> {
  const campaign = await getCampaign(db, workspaceId, id);
  const problems =
    campaign.status === "draft" || campaign.status === "paused" ? await launchProblems(db, campaign) : [];
  const [waiting] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaignLeads)
    .where(
      and(
        eq(campaignLeads.campaignId, id),
        eq(campaignLeads.status, "queued"),
        eq(campaignLeads.leadActive, true),
      ),
    );
  const leads = waiting?.n ?? 0;
  const boxes = await db
    .select()
    .from(campaignMailboxes)
    .innerJoin(mailboxes, eq(mailboxes.id, campaignMailboxes.mailboxId))
    .where(and(eq(campaignMailboxes.campaignId, id), inArray(mailboxes.status, ["active"])));

  const windowMinutes = Math.max(0, campaign.sendEndMinute - campaign.sendStartMinute);
  const paceOf = (m: (typeof boxes)[number]["mailboxes"], day: Date) => {
    const meanGap =
      (Math.min(m.minGapMinutes, m.maxGapMinutes) + Math.max(m.minGapMinutes, m.maxGapMinutes)) / 2;
    const fit = meanGap > 0 ? Math.floor(windowMinutes / meanGap) + 1 : Number.POSITIVE_INFINITY;
    return Math.min(todayLimit(m, day), fit);
  };
  const dailyOn = (day: Date) =>
    Math.min(
      boxes.reduce((sum, b) => sum + paceOf(b.mailboxes, day), 0),
      campaign.dailyCap ?? Number.POSITIVE_INFINITY,
    );

  const steps = campaign.steps.map((s) => s.delayMinutes);
  const emails = leads * steps.length;
  const firstSendAt = leads && boxes.length ? nextWindowOpening(campaign, now) : null;
  let lastSendAt: Date | null = null;
  let beyond = false;
  if (firstSendAt && emails) {
    // due[k] = leads whose step k+1 is due on or before the day (by day index), oldest first
    const due: { day: number; step: number; n: number }[] = [{ day: 0, step: 0, n: leads }];
    let left = emails;
    for (let d = 0; d < MAX_DAYS && left > 0; d++) {
      const day = new Date(firstSendAt.getTime() + d * DAY_MS);
      if (!campaign.sendDays.includes(localTime(day, campaign.timezone).weekday)) continue;
      let room = dailyOn(day);
      // follow-ups due first (the scheduler claims the earliest due), then new leads
      due.sort((a, b) => a.day - b.day || b.step - a.step);
      for (const bucket of due) {
        if (room <= 0 || bucket.day > d) break;
        const n = Math.min(room, bucket.n);
        if (!n) continue;
        bucket.n -= n;
        room -= n;
        left -= n;
        lastSendAt = day;
        const next = bucket.step + 1;
        if (next < steps.length)
          due.push({ day: d + Math.max(0, Math.ceil(steps[next]! / 1440)), step: next, n });
      }
      for (let i = due.length - 1; i >= 0; i--) if (due[i]!.n === 0) due.splice(i, 1);
    }
    beyond = left > 0;
  }

  return {
    status: campaign.status,
    problems,
    leads,
    steps: steps.length,
    emails,
    mailboxes: boxes.map(({ mailboxes: m }) => ({
      id: m.id,
      email: m.email,
      todayLimit: todayLimit(m, now),
      perDay: paceOf(m, now),
    })),
    dailyCap: campaign.dailyCap,
    dailyVolume: boxes.length ? dailyOn(now) : 0,
    firstSendAt: firstSendAt?.toISOString() ?? null,
    lastSendAt: beyond ? null : ((lastSendAt as Date | null)?.toISOString() ?? null),
    moreThanAYear: beyond,
  };
}
