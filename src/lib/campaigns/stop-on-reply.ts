import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaigns, leads } from "@/lib/db/schema";

const running = ["queued", "sending"] as const;

type Reply = { campaignId: string; leadId: string };

/**
 * A lead replied to a campaign: they are `replied` (whatever the campaign's options, the reply
 * is a fact), and if the campaign stops on reply (the default) nothing more is sent to them.
 * With "stop when anyone at the company replies", every other running lead of the campaign at
 * the same email domain stops too. Idempotent. Returns the campaign-lead ids it changed.
 */
export async function markReplied(db: DbOrTx, x: Reply & { at?: Date }) {
  return markRepliedMany(db, [x], x.at);
}

/**
 * markReplied for many replies at once (an inbox sync's chunk), with the same outcome as one
 * after the other: one update per kind of campaign (stops on reply or not), plus one per
 * company domain for the campaigns that stop the whole company.
 */
export async function markRepliedMany(db: DbOrTx, replies: Reply[], at?: Date) {
  const now = at ?? new Date();
  if (!replies.length) return [];
  const found = await db
    .select()
    .from(campaigns)
    .where(inArray(campaigns.id, [...new Set(replies.map((r) => r.campaignId))]));
  const byId = new Map(found.map((c) => [c.id, c]));
  const known = replies.filter((r) => byId.has(r.campaignId));
  const changed: string[] = [];
  for (const stopOnReply of [true, false]) {
    const group = known.filter((r) => byId.get(r.campaignId)!.stopOnReply === stopOnReply);
    if (!group.length) continue;
    const rows = await db
      .update(campaignLeads)
      .set({ status: "replied", stoppedReason: stopOnReply ? "replied" : null, updatedAt: now })
      .where(
        and(
          sql`(${campaignLeads.campaignId}, ${campaignLeads.leadId}) in (${sql.join(
            group.map((r) => sql`(${r.campaignId}, ${r.leadId})`),
            sql`, `,
          )})`,
          ne(campaignLeads.status, "replied"),
          // a reply after a bounce or unsubscribe keeps those (stronger) states
          inArray(campaignLeads.status, [...running, "completed", "stopped"]),
        ),
      )
      .returning({ id: campaignLeads.id });
    changed.push(...rows.map((c) => c.id));
  }

  const company = known.filter((r) => byId.get(r.campaignId)!.stopOnCompanyReply);
  if (!company.length) return changed;
  const emails = await db
    .select({ id: leads.id, email: leads.email })
    .from(leads)
    .where(inArray(leads.id, [...new Set(company.map((r) => r.leadId))]));
  const emailOf = new Map(emails.map((l) => [l.id, l.email]));
  const done = new Set<string>();
  for (const r of company) {
    const campaign = byId.get(r.campaignId)!;
    const domain = emailOf.get(r.leadId)?.split("@")[1]?.toLowerCase();
    if (!domain || done.has(`${r.campaignId} ${domain}`)) continue;
    done.add(`${r.campaignId} ${domain}`);
    const repliedHere = company.filter((c) => c.campaignId === r.campaignId).map((c) => c.leadId);
    const colleagues = await db
      .update(campaignLeads)
      .set({ status: "stopped", stoppedReason: `someone at ${domain} replied`, updatedAt: now })
      .where(
        and(
          eq(campaignLeads.campaignId, r.campaignId),
          inArray(campaignLeads.status, [...running]),
          sql`${campaignLeads.leadId} not in (${sql.join(
            repliedHere.map((id) => sql`${id}`),
            sql`, `,
          )})`,
          sql`${campaignLeads.leadId} in (select id from ${leads} where lower(split_part(${leads.email}, '@', 2)) = ${domain} and ${leads.workspaceId} = ${campaign.workspaceId})`,
        ),
      )
      .returning({ id: campaignLeads.id });
    changed.push(...colleagues.map((c) => c.id));
  }
  return changed;
}
