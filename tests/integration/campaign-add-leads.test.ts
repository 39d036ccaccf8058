import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addCampaignLeads } from "../../src/lib/campaigns/campaign-leads";
import { getDb } from "../../src/lib/db/client";
import { campaignLeads, campaigns, inboxMessages, workspaces } from "../../src/lib/db/schema";
import { makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";

const db = () => getDb();

async function campaign(workspaceId: string, status: "draft" | "active" | "paused" | "completed") {
  const id = crypto.randomUUID();
  await db()
    .insert(campaigns)
    .values({ id, workspaceId, name: `C ${status}`, status });
  return id;
}

/**
 * A workspace whose leads are: fresh, mid-sequence in another active campaign, done with a paused
 * one, replied in an earlier campaign, replied only in the inbox (linked by sender), unsubscribed
 * and bounced.
 */
async function workspaceOfLeads() {
  const workspaceId = crypto.randomUUID();
  await db().insert(workspaces).values({ id: workspaceId, name: "W", slug: workspaceId });
  const mailbox = await makeMailbox(workspaceId, 2525);
  const [fresh, busy, finished, replied, inboxReply, unsubscribed, bounced] = await makeLeads(workspaceId, [
    {},
    {},
    {},
    {},
    {},
    { status: "unsubscribed" },
    { status: "bounced" },
  ]);
  const running = await campaign(workspaceId, "active");
  const paused = await campaign(workspaceId, "paused");
  const earlier = await campaign(workspaceId, "completed");
  await db()
    .insert(campaignLeads)
    .values([
      { id: crypto.randomUUID(), workspaceId, campaignId: running, leadId: busy!.id, status: "queued" },
      { id: crypto.randomUUID(), workspaceId, campaignId: paused, leadId: finished!.id, status: "completed" },
      { id: crypto.randomUUID(), workspaceId, campaignId: earlier, leadId: replied!.id, status: "replied" },
    ]);
  await db()
    .insert(inboxMessages)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      mailboxId: mailbox.id,
      folder: "inbox",
      messageId: `<${crypto.randomUUID()}@client.test>`,
      receivedAt: new Date(),
      category: "reply",
      intent: "interested",
      leadId: inboxReply!.id,
    });
  const leads = { fresh, busy, finished, replied, inboxReply, unsubscribed, bounced };
  return { workspaceId, leads: Object.fromEntries(Object.entries(leads).map(([k, v]) => [k, v!.id])) };
}

const inCampaign = async (campaignId: string) =>
  (await db().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId))).map(
    (c) => c.leadId,
  );

describe("adding leads to a campaign skips people who must not get a new sequence", () => {
  it("skips leads who replied anywhere, are mid-sequence elsewhere, or cannot be emailed, and says how many of each", async () => {
    const { workspaceId, leads } = await workspaceOfLeads();
    const target = await campaign(workspaceId, "draft");
    const result = await addCampaignLeads(db(), workspaceId, target, { leadIds: Object.values(leads) });
    expect(result).toEqual({
      added: 2,
      skipped: 5,
      skippedBy: { alreadyInCampaign: 0, unsubscribedOrBounced: 2, replied: 2, inOtherCampaign: 1 },
    });
    // the one whose other campaign is done is free to be contacted again
    expect((await inCampaign(target)).sort()).toEqual([leads.fresh, leads.finished].sort());

    // adding them again: all already there, or still skipped for the same reasons
    const again = await addCampaignLeads(db(), workspaceId, target, { leadIds: Object.values(leads) });
    expect(again.skippedBy).toEqual({
      alreadyInCampaign: 2,
      unsubscribedOrBounced: 2,
      replied: 2,
      inOtherCampaign: 1,
    });
  });

  it("includes repliers and leads of other campaigns when asked; never the unsubscribed or bounced", async () => {
    const { workspaceId, leads } = await workspaceOfLeads();
    const target = await campaign(workspaceId, "active");
    const result = await addCampaignLeads(db(), workspaceId, target, {
      leadIds: Object.values(leads),
      include: { replied: true, inOtherCampaigns: true },
    });
    expect(result).toEqual({
      added: 5,
      skipped: 2,
      skippedBy: { alreadyInCampaign: 0, unsubscribedOrBounced: 2, replied: 0, inOtherCampaign: 0 },
    });
    expect(await inCampaign(target)).not.toContain(leads.unsubscribed);
    expect(await inCampaign(target)).not.toContain(leads.bounced);
  });
});
