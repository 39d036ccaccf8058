import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CampaignList } from "../../src/lib/campaigns/api-schemas";
import { addCampaignLeads } from "../../src/lib/campaigns/campaign-leads";
import { foldCampaignCounters } from "../../src/lib/campaigns/fold-campaign-counters";
import { listCampaigns } from "../../src/lib/campaigns/list-campaigns";
import { markRepliedMany } from "../../src/lib/campaigns/stop-on-reply";
import { getDb, getPool } from "../../src/lib/db/client";
import {
  campaignCounterDeltas,
  campaignLeads,
  campaignSteps,
  campaigns,
  sentEmails,
  stepVariants,
  workspaces,
} from "../../src/lib/db/schema";
import { deleteLeads } from "../../src/lib/leads/delete-leads";
import { everyMinuteUtc, makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";

const db = () => getDb();

async function campaignWithLeads(n: number) {
  const workspaceId = crypto.randomUUID();
  await db().insert(workspaces).values({ id: workspaceId, name: "W", slug: workspaceId });
  const mailbox = await makeMailbox(workspaceId, 2525);
  const campaignId = crypto.randomUUID();
  await db()
    .insert(campaigns)
    .values({ id: campaignId, workspaceId, name: "C", status: "active", ...everyMinuteUtc });
  const stepId = crypto.randomUUID();
  await db()
    .insert(campaignSteps)
    .values({ id: stepId, workspaceId, campaignId, position: 1, delayMinutes: 0 });
  const variantId = crypto.randomUUID();
  await db()
    .insert(stepVariants)
    .values({ id: variantId, workspaceId, stepId, label: "A", subject: "Hi", bodyText: "Hello" });
  const leads = await makeLeads(
    workspaceId,
    Array.from({ length: n }, () => ({})),
  );
  await addCampaignLeads(db(), workspaceId, campaignId, { leadIds: leads.map((l) => l.id) });
  const cls = await db().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId));
  // one queued email a lead, as the scheduler writes them
  await db()
    .insert(sentEmails)
    .values(
      cls.map((cl) => ({
        id: crypto.randomUUID(),
        workspaceId,
        campaignId,
        campaignLeadId: cl.id,
        leadId: cl.leadId,
        stepId,
        variantId,
        mailboxId: mailbox.id,
        status: "queued" as const,
        messageId: `<${crypto.randomUUID()}@outreach.test>`,
        fromEmail: mailbox.email,
        toEmail: "lead@example.test",
      })),
    );
  return { workspaceId, campaignId, leads, cls };
}

/** The totals counted the slow way, to compare the triggers' running totals with. */
async function counted(campaignId: string) {
  const { rows } = await getPool().query<{ leads: number; replied: number; sent: number }>(
    `select (select count(*)::int from campaign_leads where campaign_id = $1) as leads,
       (select count(*)::int from campaign_leads where campaign_id = $1 and status = 'replied') as replied,
       (select count(*)::int from sent_emails where campaign_id = $1 and status in ('sent', 'bounced')) as sent`,
    [campaignId],
  );
  return rows[0]!;
}

async function listed(workspaceId: string, campaignId: string) {
  const page = CampaignList.parse(JSON.parse(await listCampaigns(db(), workspaceId, { limit: 200 })));
  const row = page.data.find((c) => c.id === campaignId)!;
  return { leads: row.leadCount, replied: row.replied, sent: row.sent };
}

describe("campaign counters (the list's totals, kept by triggers)", () => {
  it("follow every change of leads, replies and sends, and survive folding", async () => {
    const { workspaceId, campaignId, cls } = await campaignWithLeads(12);
    expect(await listed(workspaceId, campaignId)).toEqual({ leads: 12, replied: 0, sent: 0 });
    // the list's JSON is written by hand from PostgreSQL's text: the same shape and formats the API
    // documents (times as toISOString writes them), nothing more
    const [stored] = await db().select().from(campaigns).where(eq(campaigns.id, campaignId));
    const page = JSON.parse(await listCampaigns(db(), workspaceId, { limit: 50 }));
    expect(CampaignList.parse(page)).toEqual(page);
    expect(page.next).toBeNull();
    const [row] = page.data;
    expect(row).toMatchObject({
      id: campaignId,
      createdAt: stored!.createdAt.toISOString(),
      launchedAt: null,
      sendDays: stored!.sendDays,
      dailyCap: stored!.dailyCap,
      stepCount: 1,
    });
    expect(row!.mailboxIds).toEqual([]);
    expect(Object.keys(row!).sort()).toEqual(Object.keys(CampaignList.shape.data.element.shape).sort());

    // sends: queued → sending → sent, one bounced, one back to queued (no change)
    const emails = await db().select().from(sentEmails).where(eq(sentEmails.campaignId, campaignId));
    const ids = emails.map((e) => e.id);
    await db().update(sentEmails).set({ status: "sending" }).where(eq(sentEmails.campaignId, campaignId));
    await db()
      .update(sentEmails)
      .set({ status: "sent" })
      .where(sql`${sentEmails.id} = any(${sql.param(ids.slice(0, 8))}::text[])`);
    await db().update(sentEmails).set({ status: "bounced" }).where(eq(sentEmails.id, ids[0]!)); // sent → bounced
    await db().update(sentEmails).set({ status: "bounced" }).where(eq(sentEmails.id, ids[8]!)); // sending → bounced
    await db().update(sentEmails).set({ status: "queued" }).where(eq(sentEmails.id, ids[9]!));
    expect(await listed(workspaceId, campaignId)).toEqual({ leads: 12, replied: 0, sent: 9 });

    // replies through the inbox's own function, a duplicate reply counted once
    const replied = cls.slice(0, 3).map((cl) => ({ campaignId, leadId: cl.leadId }));
    await markRepliedMany(db(), [...replied, replied[0]!]);
    expect((await listed(workspaceId, campaignId)).replied).toBe(3);

    // leads deleted: their campaign leads and emails go by cascade, the totals with them
    await deleteLeads(db(), workspaceId, [cls[0]!.leadId, cls[11]!.leadId]);
    expect(await listed(workspaceId, campaignId)).toEqual(await counted(campaignId));
    expect(await listed(workspaceId, campaignId)).toEqual({ leads: 10, replied: 2, sent: 8 });

    // folding leaves one row for the campaign and the same totals
    await foldCampaignCounters(db());
    const rows = await db()
      .select()
      .from(campaignCounterDeltas)
      .where(eq(campaignCounterDeltas.campaignId, campaignId));
    expect(rows).toHaveLength(1);
    expect(await listed(workspaceId, campaignId)).toEqual(await counted(campaignId));
  });

  it("a deleted campaign leaves no counter rows", async () => {
    const { campaignId } = await campaignWithLeads(3);
    await db().delete(campaigns).where(eq(campaigns.id, campaignId));
    const rows = await db()
      .select()
      .from(campaignCounterDeltas)
      .where(eq(campaignCounterDeltas.campaignId, campaignId));
    expect(rows).toEqual([]);
  });

  it("two open transactions changing one campaign's totals never wait on each other", async () => {
    const { campaignId } = await campaignWithLeads(2);
    const [a, b] = await db().select().from(sentEmails).where(eq(sentEmails.campaignId, campaignId));
    const first = await getPool().connect();
    const second = await getPool().connect();
    try {
      await first.query("begin");
      await first.query("update sent_emails set status = 'sent' where id = $1", [a!.id]);
      // the first transaction is still open; a lock on a shared counter row would block here
      await second.query("set lock_timeout = '2s'");
      await second.query("update sent_emails set status = 'sent' where id = $1", [b!.id]);
      await first.query("commit");
    } finally {
      await second.query("reset lock_timeout");
      first.release();
      second.release();
    }
    const total = await db()
      .select({ sent: sql<number>`sum(${campaignCounterDeltas.sent})::int` })
      .from(campaignCounterDeltas)
      .where(and(eq(campaignCounterDeltas.campaignId, campaignId)));
    expect(total[0]?.sent).toBe(2);
  });
});
