import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addCampaignLeads } from "../../src/lib/campaigns/campaign-leads";
import { deleteCampaign } from "../../src/lib/campaigns/delete-campaign";
import { getDb } from "../../src/lib/db/client";
import { campaignSteps, campaigns, sentEmails, stepVariants } from "../../src/lib/db/schema";
import { deleteMailbox } from "../../src/lib/mailboxes/delete-mailbox";
import { runSchedulerTick } from "../../src/lib/sending/scheduler";
import { makeActiveCampaign, makeLeads } from "./fixtures/campaign-fixtures";

/**
 * `sent_emails` keeps no foreign key to its step, variant or mailbox (migration 0020): their ON
 * DELETE actions are statement triggers, and the scheduler locks what it refers to. These are the
 * actions the keys had, on emails the real scheduler queued.
 */
const db = () => getDb();

async function queuedCampaign(leads: number) {
  const c = await makeActiveCampaign(2525, ["Hi", "Hello"]);
  const { workspaceId, campaignId } = c;
  const rows = await makeLeads(
    workspaceId,
    Array.from({ length: leads }, () => ({})),
  );
  await addCampaignLeads(db(), workspaceId, campaignId, { leadIds: rows.map((l) => l.id) });
  const { queued } = await runSchedulerTick(db(), new Date(), { random: () => 0 });
  expect(queued.length).toBeGreaterThan(0);
  const emails = () => db().select().from(sentEmails).where(eq(sentEmails.campaignId, campaignId));
  return { ...c, emails };
}

describe("sent emails when their step, variant or mailbox is deleted", () => {
  it("deleting a mailbox keeps the emails it sent, with no mailbox", async () => {
    const c = await queuedCampaign(3);
    const before = await c.emails();
    expect(before.every((e) => e.mailboxId === c.mailbox.id)).toBe(true);
    await deleteMailbox(db(), c.workspaceId, c.mailbox.id);
    const after = await c.emails();
    expect(after.map((e) => e.id).sort()).toEqual(before.map((e) => e.id).sort());
    expect(after.every((e) => e.mailboxId === null)).toBe(true);
  });

  it("deleting a variant keeps its emails, with no variant; the other variant's are untouched", async () => {
    const c = await queuedCampaign(1);
    const [email] = await c.emails();
    const used = email!.variantId!;
    const other = c.variantIds.find((v) => v !== used)!;
    await db().delete(stepVariants).where(eq(stepVariants.id, used));
    const after = await c.emails();
    expect(after).toHaveLength(1);
    expect(after[0]!.variantId).toBeNull();
    await db().delete(stepVariants).where(eq(stepVariants.id, other));
    expect((await c.emails())[0]!.variantId).toBeNull();
  });

  it("deleting a step deletes its emails, and only those", async () => {
    const c = await queuedCampaign(2);
    const d = await queuedCampaign(1);
    expect(await c.emails()).toHaveLength(2);
    await db().delete(campaignSteps).where(eq(campaignSteps.id, c.stepId));
    expect(await c.emails()).toHaveLength(0);
    expect(await d.emails()).toHaveLength(1);
  });

  it("deleting a campaign deletes its emails and its steps", async () => {
    const c = await queuedCampaign(2);
    await db().update(campaigns).set({ status: "paused" }).where(eq(campaigns.id, c.campaignId));
    await deleteCampaign(db(), c.workspaceId, c.campaignId);
    expect(await c.emails()).toHaveLength(0);
    expect(await db().select().from(stepVariants).where(inArray(stepVariants.id, c.variantIds))).toHaveLength(
      0,
    );
  });
});
