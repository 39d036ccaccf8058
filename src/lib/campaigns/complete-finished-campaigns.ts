import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaigns } from "@/lib/db/schema";

/** Complete active campaigns that have no lead left to send to. Idempotent. */
export async function completeFinishedCampaigns(db: DbOrTx) {
  return db
    .update(campaigns)
    .set({ status: "completed", completedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(campaigns.status, "active"),
        sql`exists (select 1 from ${campaignLeads} l where l.campaign_id = "campaigns"."id")`,
        sql`not exists (select 1 from ${campaignLeads} l where l.campaign_id = "campaigns"."id" and l.status in ('queued', 'sending'))`,
      ),
    )
    .returning({ id: campaigns.id });
}
