import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type CampaignLeadStatus, campaignLeads, leadListMembers, leadLists, leads } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { getCampaignRow } from "./get-campaign-row";

/** Add leads (by id, or a whole list) to a campaign; leads already in it are skipped. */
export async function addCampaignLeads(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string,
  input: { leadIds?: string[]; listId?: string },
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
  let added = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    // only the workspace's own leads: others are silently not found, never added
    const own = await db
      .select({ id: leads.id, status: leads.status })
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), inArray(leads.id, chunk)));
    if (input.leadIds && !input.listId && own.length < chunk.length) {
      const missing = chunk.filter((id) => !own.some((o) => o.id === id));
      throw new AppError("validation", `unknown lead ${missing.slice(0, 5).join(", ")}`);
    }
    if (!own.length) continue;
    const inserted = await db
      .insert(campaignLeads)
      .values(
        own.map((l) => ({
          id: crypto.randomUUID(),
          workspaceId,
          campaignId,
          leadId: l.id,
          leadActive: l.status === "active",
        })),
      )
      .onConflictDoNothing()
      .returning({ id: campaignLeads.id });
    added += inserted.length;
  }
  return { added, skipped: ids.length - added };
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
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}
