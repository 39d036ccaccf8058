import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignCounterDeltas, campaignMailboxes, campaignSteps, campaigns } from "@/lib/db/schema";
import { toCampaignView } from "./campaign-view";

export async function listCampaigns(db: DbOrTx, workspaceId: string) {
  // the outer row's id, spelled out: inside a subquery drizzle would render a bare "id"
  const rows = await db
    .select({
      c: campaigns,
      stepCount: sql<number>`(select count(*)::int from ${campaignSteps} s where s.campaign_id = "campaigns"."id")`,
      // running totals kept by triggers (campaignCounterDeltas): a row or two a campaign, not a count
      leadCount: sql<number>`(select coalesce(sum(d.leads), 0)::int from ${campaignCounterDeltas} d where d.campaign_id = "campaigns"."id")`,
      replied: sql<number>`(select coalesce(sum(d.replied), 0)::int from ${campaignCounterDeltas} d where d.campaign_id = "campaigns"."id")`,
      sent: sql<number>`(select coalesce(sum(d.sent), 0)::int from ${campaignCounterDeltas} d where d.campaign_id = "campaigns"."id")`,
      mailboxIds: sql<
        string[]
      >`coalesce((select array_agg(m.mailbox_id) from ${campaignMailboxes} m where m.campaign_id = "campaigns"."id"), '{}')`,
    })
    .from(campaigns)
    .where(eq(campaigns.workspaceId, workspaceId))
    .orderBy(desc(campaigns.createdAt));
  return rows.map((r) => {
    const { steps: _s, ...view } = toCampaignView(r.c, [], r.mailboxIds, r.leadCount);
    return { ...view, stepCount: r.stepCount, sent: r.sent, replied: r.replied };
  });
}
