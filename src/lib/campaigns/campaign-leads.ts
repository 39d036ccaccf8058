import { and, count, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type CampaignLeadStatus, campaignLeads, leadListMembers, leadLists, leads } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { getCampaignRow } from "./get-campaign-row";

/** What adding leads may include that it skips by default. */
export type AddLeadsInclude = {
  /** leads who already replied to any campaign (default false: a reply is a conversation, not a lead to sequence again) */
  replied?: boolean;
  /** leads still being emailed by another active or paused campaign (default false) */
  inOtherCampaigns?: boolean;
};

/**
 * Add leads (by id, or a whole list) to a campaign. Skipped, and counted by reason: leads already
 * in it, leads who cannot be emailed (unsubscribed, bounced), and unless `include` says otherwise
 * leads who replied to any campaign or are still in another running campaign's sequence — as
 * peers do, so "add all" never emails someone mid-conversation again.
 */
export async function addCampaignLeads(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string,
  input: { leadIds?: string[]; listId?: string; include?: AddLeadsInclude },
) {
  const campaign = await getCampaignRow(db, workspaceId, campaignId);
  if (campaign.status === "completed") throw new AppError("conflict", "the campaign is completed");
  let ids = [...new Set(input.leadIds ?? [])];
  if (input.listId) {
    const [list] = await db
      .select({ id: leadLists.id })
      .from(leadLists)
      .where(and(eq(leadLists.workspaceId, workspaceId), eq(leadLists.id, input.listId)));
    if (!list) throw notFound("lead list");
    const members = await db
      .select({ id: leadListMembers.leadId })
      .from(leadListMembers)
      .where(eq(leadListMembers.listId, input.listId));
    ids = [...new Set([...ids, ...members.map((m) => m.id)])];
  }
  const skippedBy = { alreadyInCampaign: 0, unsubscribedOrBounced: 0, replied: 0, inOtherCampaign: 0 };
  let added = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    // only the workspace's own leads: others are silently not found, never added
    const own = await db.execute<{
      id: string;
      status: string;
      in_this: boolean;
      replied: boolean;
      in_other: boolean;
    }>(sql`
      select l.id, l.status,
        exists (select 1 from campaign_leads c where c.lead_id = l.id and c.campaign_id = ${campaignId}) as in_this,
        exists (select 1 from campaign_leads c where c.lead_id = l.id and c.status = 'replied')
          or exists (select 1 from inbox_messages m where m.lead_id = l.id and m.workspace_id = ${workspaceId}
            and m.direction = 'inbound' and m.category = 'reply') as replied,
        exists (select 1 from campaign_leads c join campaigns k on k.id = c.campaign_id
          where c.lead_id = l.id and c.campaign_id <> ${campaignId} and c.status in ('queued', 'sending')
            and k.status in ('active', 'paused')) as in_other
      from leads l where l.workspace_id = ${workspaceId} and l.id = any(${sql.param(chunk)}::text[])`);
    if (input.leadIds && !input.listId && own.rows.length < chunk.length) {
      const missing = chunk.filter((id) => !own.rows.some((o) => o.id === id));
      throw new AppError("validation", `unknown lead ${missing.slice(0, 5).join(", ")}`);
    }
    const take = own.rows.filter((l) => {
      if (l.in_this) skippedBy.alreadyInCampaign++;
      else if (l.status !== "active") skippedBy.unsubscribedOrBounced++;
      else if (l.replied && !input.include?.replied) skippedBy.replied++;
      else if (l.in_other && !input.include?.inOtherCampaigns) skippedBy.inOtherCampaign++;
      else return true;
      return false;
    });
    if (!take.length) continue;
    const inserted = await db
      .insert(campaignLeads)
      .values(
        take.map((l) => ({
          id: crypto.randomUUID(),
          workspaceId,
          campaignId,
          leadId: l.id,
          leadActive: true,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: campaignLeads.id });
    added += inserted.length;
    // added meanwhile by someone else
    skippedBy.alreadyInCampaign += take.length - inserted.length;
  }
  return { added, skipped: ids.length - added, skippedBy };
}

export async function listCampaignLeads(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string,
  q: { status?: CampaignLeadStatus; page: number; pageSize: number },
) {
  await getCampaignRow(db, workspaceId, campaignId);
  const where = and(
    eq(campaignLeads.campaignId, campaignId),
    q.status ? eq(campaignLeads.status, q.status) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(campaignLeads).where(where);
  const rows = await db
    .select({
      id: campaignLeads.id,
      leadId: campaignLeads.leadId,
      email: leads.email,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      status: campaignLeads.status,
      nextStep: campaignLeads.nextStep,
      nextSendAt: campaignLeads.nextSendAt,
      lastSentAt: campaignLeads.lastSentAt,
      stoppedReason: campaignLeads.stoppedReason,
      outOfOfficeUntil: campaignLeads.outOfOfficeUntil,
    })
    .from(campaignLeads)
    .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
    .where(where)
    .orderBy(desc(sql`coalesce(${campaignLeads.lastSentAt}, ${campaignLeads.createdAt})`), campaignLeads.id)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    data: rows.map((r) => ({
      ...r,
      nextSendAt: r.nextSendAt?.toISOString() ?? null,
      lastSentAt: r.lastSentAt?.toISOString() ?? null,
      // only while it still holds the lead
      outOfOfficeUntil:
        r.outOfOfficeUntil && r.outOfOfficeUntil > new Date() ? r.outOfOfficeUntil.toISOString() : null,
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}
