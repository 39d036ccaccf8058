import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listCampaignLeads } from "../../src/lib/campaigns/campaign-leads";
import { getDb } from "../../src/lib/db/client";
import { campaignLeads, campaigns, workspaces } from "../../src/lib/db/schema";
import { applyReplyEffects, applyReplyEffectsMany } from "../../src/lib/inbox/apply-effects";
import { makeLeads } from "./fixtures/campaign-fixtures";

const db = () => getDb();
const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A running campaign with one lead whose next step is due in an hour. */
async function leadInSequence(status: "queued" | "replied" = "queued") {
  const workspaceId = crypto.randomUUID();
  await db().insert(workspaces).values({ id: workspaceId, name: "W", slug: workspaceId });
  const campaignId = crypto.randomUUID();
  await db().insert(campaigns).values({ id: campaignId, workspaceId, name: "C", status: "active" });
  const [lead] = await makeLeads(workspaceId, [{}]);
  const dueAt = new Date(Date.now() + 3_600_000);
  await db().insert(campaignLeads).values({
    id: crypto.randomUUID(),
    workspaceId,
    campaignId,
    leadId: lead!.id,
    status,
    nextSendAt: dueAt,
  });
  const autoReply = (returnDate: string | null) =>
    applyReplyEffects(db(), {
      messageId: crypto.randomUUID(),
      workspaceId,
      link: { campaignId, leadId: lead!.id, sentEmailId: null, method: "in_reply_to" },
      verdict: { category: "auto_reply", intent: null, bounce: null, returnDate },
      parsed: { from: { email: lead!.email }, subject: "Out of office" },
    });
  const row = async () =>
    (
      await db()
        .select()
        .from(campaignLeads)
        .where(and(eq(campaignLeads.campaignId, campaignId), eq(campaignLeads.leadId, lead!.id)))
    )[0]!;
  const listed = async () =>
    (await listCampaignLeads(db(), workspaceId, campaignId, { page: 1, pageSize: 10 })).data[0]!;
  const effect = (category: "auto_reply" | "reply", returnDate: string | null = null) => ({
    messageId: crypto.randomUUID(),
    workspaceId,
    link: { campaignId, leadId: lead!.id, sentEmailId: null, method: "in_reply_to" as const },
    verdict: { category, intent: category === "reply" ? ("other" as const) : null, bounce: null, returnDate },
    parsed: { from: { email: lead!.email }, subject: category === "reply" ? "Re: hi" : "Out of office" },
  });
  return { dueAt, autoReply, row, listed, effect };
}

describe("an out-of-office holds the lead's next step until they are back", () => {
  it("holds it until the day after the return date, and the campaign's lead row says so", async () => {
    const lead = await leadInSequence();
    const back = Date.now() + 10 * DAY;
    await lead.autoReply(isoDay(back));
    const expected = Date.parse(`${isoDay(back)}T00:00:00Z`) + DAY;
    expect((await lead.row()).nextSendAt!.getTime()).toBe(expected);
    expect((await lead.row()).status).toBe("queued");
    expect((await lead.listed()).outOfOfficeUntil).toBe(new Date(expected).toISOString());
  });

  it("without a return date, holds it AUTO_REPLY_PAUSE_DAYS (7 by default)", async () => {
    const lead = await leadInSequence();
    const before = Date.now();
    await lead.autoReply(null);
    const next = (await lead.row()).nextSendAt!.getTime();
    expect(next).toBeGreaterThanOrEqual(before + 7 * DAY);
    expect(next).toBeLessThanOrEqual(Date.now() + 7 * DAY);
  });

  it("never moves a step earlier, never past 90 days, and leaves a lead who replied alone", async () => {
    const past = await leadInSequence();
    await past.autoReply(isoDay(Date.now() - 5 * DAY));
    expect((await past.row()).nextSendAt!.getTime()).toBe(past.dueAt.getTime());
    expect((await past.listed()).outOfOfficeUntil).toBeNull();

    const far = await leadInSequence();
    await far.autoReply("2099-01-01");
    expect((await far.row()).nextSendAt!.getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY);

    const replied = await leadInSequence("replied");
    await replied.autoReply(null);
    expect((await replied.row()).nextSendAt!.getTime()).toBe(replied.dueAt.getTime());
    expect((await replied.row()).outOfOfficeUntil).toBeNull();
  });

  it("in a synced chunk, as one after the other: several notices from one lead, then their reply", async () => {
    const a = await leadInSequence();
    const b = await leadInSequence();
    const [soon, later] = [Date.now() + 5 * DAY, Date.now() + 12 * DAY];
    // a: two notices, the later date first; b: a notice, then a reply (the reply wins)
    await applyReplyEffectsMany(db(), [
      a.effect("auto_reply", isoDay(later)),
      b.effect("auto_reply", isoDay(soon)),
      a.effect("auto_reply", isoDay(soon)),
      b.effect("reply"),
    ]);
    const dayAfter = (t: number) => Date.parse(`${isoDay(t)}T00:00:00Z`) + DAY;
    // the step waits for the latest return named, the row shows the last notice's date
    expect((await a.row()).nextSendAt!.getTime()).toBe(dayAfter(later));
    expect((await a.row()).outOfOfficeUntil!.getTime()).toBe(dayAfter(soon));
    expect((await a.row()).status).toBe("queued");
    // held first (the notice came first), then stopped by the reply
    expect((await b.row()).outOfOfficeUntil!.getTime()).toBe(dayAfter(soon));
    expect((await b.row()).status).toBe("replied");
  });
});
