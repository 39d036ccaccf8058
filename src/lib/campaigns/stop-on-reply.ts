import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaigns, leads } from "@/lib/db/schema";

const running = ["queued", "sending"] as const;

/**
 * A lead replied to a campaign: they are `replied` (whatever the campaign's options, the reply
 * is a fact), and if the campaign stops on reply (the default) nothing more is sent to them.
 * With "stop when anyone at the company replies", every other running lead of the campaign at
 * the same email domain stops too. Idempotent. Returns the campaign-lead ids it changed.
 */
export async function markReplied(db: DbOrTx, x: { campaignId: string; leadId: string; at?: Date }) {
  const now = x.at ?? new Date();
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, x.campaignId));
  if (!campaign) return [];
  const changed = await db
    .update(campaignLeads)
    .set({ status: "replied", stoppedReason: campaign.stopOnReply ? "replied" : null, updatedAt: now })
    .where(
      and(
        eq(campaignLeads.campaignId, x.campaignId),
        eq(campaignLeads.leadId, x.leadId),
        ne(campaignLeads.status, "replied"),
        // a reply after a bounce or unsubscribe keeps those (stronger) states
        inArray(campaignLeads.status, [...running, "completed", "stopped"]),
      ),
    )
    .returning({ id: campaignLeads.id });
  if (!campaign.stopOnCompanyReply) return changed.map((c) => c.id);

  const [lead] = await db.select({ email: leads.email }).from(leads).where(eq(leads.id, x.leadId));
  const domain = lead?.email.split("@")[1]?.toLowerCase();
  if (!domain) return changed.map((c) => c.id);
  const colleagues = await db
    .update(campaignLeads)
    .set({ status: "stopped", stoppedReason: `someone at ${domain} replied`, updatedAt: now })
    .where(
      and(
        eq(campaignLeads.campaignId, x.campaignId),
        inArray(campaignLeads.status, [...running]),
        ne(campaignLeads.leadId, x.leadId),
        sql`${campaignLeads.leadId} in (select id from ${leads} where lower(split_part(${leads.email}, '@', 2)) = ${domain} and ${leads.workspaceId} = ${campaign.workspaceId})`,
      ),
    )
    .returning({ id: campaignLeads.id });
  return [...changed, ...colleagues].map((c) => c.id);
}
