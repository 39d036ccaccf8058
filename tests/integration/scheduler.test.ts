import { eq, inArray, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { addCampaignLeads } from "../../src/lib/campaigns/campaign-leads";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignMailboxes,
  campaignSteps,
  campaigns,
  leads as leadsTable,
  mailboxes,
  sentEmails,
  stepVariants,
  workspaces,
} from "../../src/lib/db/schema";
import { suppressLead } from "../../src/lib/leads/suppress-lead";
import { updateLead } from "../../src/lib/leads/update-lead";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { runSchedulerTick } from "../../src/lib/sending/scheduler";
import { writeClaims } from "../../src/lib/sending/write-claims";
import { everyMinuteUtc, makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";

const db = () => getDb();
const MIN = 60_000;

/** A workspace, its mailboxes and one active campaign of `steps` steps over them, with `leads` leads. */
async function scenario(opts: {
  mailboxes?: Partial<typeof mailboxes.$inferInsert>[];
  leads?: number;
  steps?: number;
  campaign?: Partial<typeof campaigns.$inferInsert>;
  /** another campaign in this workspace, over these mailboxes */
  sharing?: { workspaceId: string; mailboxIds: string[] };
}) {
  const workspaceId = opts.sharing?.workspaceId ?? crypto.randomUUID();
  if (!opts.sharing) await db().insert(workspaces).values({ id: workspaceId, name: "W", slug: workspaceId });
  const boxes = [];
  for (const over of opts.mailboxes ?? [{}]) boxes.push(await makeMailbox(workspaceId, 2525, over));
  const campaignId = crypto.randomUUID();
  await db()
    .insert(campaigns)
    .values({
      id: campaignId,
      workspaceId,
      name: "C",
      status: "active",
      ...everyMinuteUtc,
      ...opts.campaign,
    });
  const mailboxIds = [...boxes.map((m) => m.id), ...(opts.sharing?.mailboxIds ?? [])];
  await db()
    .insert(campaignMailboxes)
    .values(mailboxIds.map((mailboxId) => ({ campaignId, mailboxId, workspaceId })));
  const steps = [];
  for (let position = 1; position <= (opts.steps ?? 2); position++) {
    const id = crypto.randomUUID();
    await db().insert(campaignSteps).values({ id, workspaceId, campaignId, position, delayMinutes: 60 });
    await db().insert(stepVariants).values({
      id: crypto.randomUUID(),
      workspaceId,
      stepId: id,
      label: "A",
      subject: "Hi",
      bodyText: "Hello",
    });
    steps.push(id);
  }
  const leadRows = await makeLeads(
    workspaceId,
    Array.from({ length: opts.leads ?? 10 }, () => ({})),
  );
  await addCampaignLeads(db(), workspaceId, campaignId, { leadIds: leadRows.map((l) => l.id) });
  const cls = await db().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId));
  return { workspaceId, mailboxes: boxes, campaignId, steps, leads: leadRows, campaignLeads: cls };
}

const rowsOf = (campaignId: string) =>
  db().select().from(sentEmails).where(eq(sentEmails.campaignId, campaignId));

// each test's campaigns alone are active, so one test's tick never queues another's leads
afterEach(async () => {
  await db().update(campaigns).set({ status: "paused" }).where(eq(campaigns.status, "active"));
});

describe("scheduler tick: pacing from the mailbox's gap", () => {
  it("sends several a minute when the gap allows, one gap apart, and the jobs start at those times", async () => {
    const {
      campaignId,
      mailboxes: [m],
    } = await scenario({
      mailboxes: [{ minGapMinutes: 0, maxGapMinutes: 1 }],
      leads: 10,
    });
    const t0 = new Date("2031-03-03T10:00:00Z");
    const random = () => 0.25; // every gap 15 s
    const first = await runSchedulerTick(db(), t0, { random });
    expect(first.queued.map((q) => +q.sendAt - +t0)).toEqual([0, 15_000, 30_000, 45_000]);
    // the next tick goes on from where the last gap ends, never closer
    const second = await runSchedulerTick(db(), new Date(+t0 + MIN), { random });
    expect(second.queued.map((q) => +q.sendAt - +t0)).toEqual([60_000, 75_000, 90_000, 105_000]);
    const [box] = await db().select().from(mailboxes).where(eq(mailboxes.id, m!.id));
    expect(+box!.nextSendAt! - +t0).toBe(120_000);
    expect(await rowsOf(campaignId)).toHaveLength(8);

    // through the whole tick: each row is due when planned, counted on the database's clock from
    // the tick (the send loop compares with it): the first at once, the next a gap later
    const at = new Date(+t0 + 2 * MIN);
    const before = Date.now();
    const tick = await runCampaignTick(db(), at, { random });
    expect(tick.queued).toBe(2); // the last two leads
    const due = (await rowsOf(campaignId))
      .filter((r) => +r.createdAt === +at)
      .map((r) => +r.sendAt!)
      .sort((a, b) => a - b);
    expect(due).toHaveLength(2);
    expect(due[0]).toBeGreaterThanOrEqual(before - 1_000);
    expect(due[0]).toBeLessThanOrEqual(Date.now());
    expect(due[1]! - due[0]!).toBe(15_000);
  });

  it("a gap longer than the tick: one send every gap, none closer, across ticks", async () => {
    const { campaignId } = await scenario({ mailboxes: [{ minGapMinutes: 2, maxGapMinutes: 2 }], leads: 20 });
    const t0 = new Date("2031-03-03T10:00:00Z");
    const times: number[] = [];
    for (let minute = 0; minute < 10; minute++) {
      const { queued } = await runSchedulerTick(db(), new Date(+t0 + minute * MIN + 7_000));
      times.push(...queued.map((q) => +q.sendAt - +t0));
    }
    // the first at once, then every two minutes to the millisecond, not rounded to a tick
    expect(times).toEqual([7_000, 127_000, 247_000, 367_000, 487_000]);
    expect(await rowsOf(campaignId)).toHaveLength(5);
  });

  it("plans nothing past the end of the sending window", async () => {
    const { campaignId } = await scenario({
      mailboxes: [{ minGapMinutes: 0, maxGapMinutes: 1 }],
      campaign: { sendDays: [1], sendStartMinute: 9 * 60, sendEndMinute: 10 * 60 },
    });
    // Monday 09:59:40 UTC: slots at :40 and :55 fit before 10:00; 10:00:10 does not
    const at = new Date("2031-03-03T09:59:40Z");
    const { queued } = await runSchedulerTick(db(), at, { random: () => 0.25 });
    expect(queued.map((q) => q.sendAt.toISOString())).toEqual([
      "2031-03-03T09:59:40.000Z",
      "2031-03-03T09:59:55.000Z",
    ]);
    // 08:59:30: closed until 09:00, so the first slot waits for the opening
    const early = await runSchedulerTick(db(), new Date("2031-03-10T08:59:30Z"), { random: () => 0.25 });
    expect(early.queued.map((q) => q.sendAt.toISOString())).toEqual([
      "2031-03-10T09:00:00.000Z",
      "2031-03-10T09:00:15.000Z",
    ]);
    expect(await rowsOf(campaignId)).toHaveLength(4);
  });
});

describe("scheduler tick: limits under concurrency", () => {
  it("never overshoots the campaign's daily cap, with four ticks at once over its mailboxes", async () => {
    const { campaignId, mailboxes: boxes } = await scenario({
      mailboxes: [{}, {}, {}, {}],
      leads: 40,
      campaign: { dailyCap: 7 },
    });
    const t0 = new Date("2031-03-04T08:00:00Z");
    for (let minute = 0; minute < 3; minute++) {
      const at = new Date(+t0 + minute * MIN);
      await Promise.all([1, 2, 3, 4].map(() => runSchedulerTick(db(), at)));
    }
    const rows = await rowsOf(campaignId);
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((r) => r.campaignLeadId)).size).toBe(7);
    // each mailbox was used (spread across them), and the next day the cap starts again
    expect(new Set(rows.map((r) => r.mailboxId)).size).toBeGreaterThan(1);
    expect(boxes.map((b) => b.id)).toEqual(
      expect.arrayContaining([...new Set(rows.map((r) => r.mailboxId))]),
    );
    await Promise.all([1, 2].map(() => runSchedulerTick(db(), new Date("2031-03-05T08:00:00Z"))));
    expect(await rowsOf(campaignId)).toHaveLength(14);
  });

  it("never overshoots a mailbox's daily limit when it serves two campaigns claimed at once", async () => {
    const a = await scenario({ mailboxes: [{ dailyLimit: 5 }], leads: 10 });
    const b = await scenario({
      leads: 10,
      mailboxes: [],
      sharing: { workspaceId: a.workspaceId, mailboxIds: [a.mailboxes[0]!.id] },
    });
    const t0 = new Date("2031-03-04T08:00:00Z");
    for (let minute = 0; minute < 3; minute++) {
      await Promise.all([1, 2, 3].map(() => runSchedulerTick(db(), new Date(+t0 + minute * MIN))));
    }
    const rows = await db()
      .select()
      .from(sentEmails)
      .where(inArray(sentEmails.campaignId, [a.campaignId, b.campaignId]));
    expect(rows).toHaveLength(5);
  });
});

describe("scheduler tick: what it claims", () => {
  it("follow-ups first, each with the mailbox that wrote the first email", async () => {
    const {
      campaignId,
      mailboxes: [m1, m2],
      campaignLeads: cls,
      steps,
    } = await scenario({
      mailboxes: [{ dailyLimit: 1 }, { dailyLimit: 1 }],
      leads: 4,
    });
    // the newest lead had its first email from m2 an hour ago; its follow-up is due now
    const t0 = new Date("2031-03-04T08:00:00Z");
    for (const [i, c] of cls.entries()) {
      await db()
        .update(campaignLeads)
        .set({ createdAt: new Date(+t0 - (10 - i) * 86_400_000) })
        .where(eq(campaignLeads.id, c.id));
    }
    const followUp = cls.at(-1)!;
    await db()
      .update(campaignLeads)
      .set({
        nextStep: 2,
        mailboxId: m2!.id,
        nextSendAt: new Date(+t0 - MIN),
        threadMessageId: "<first@outreach.test>",
      })
      .where(eq(campaignLeads.id, followUp.id));
    await runSchedulerTick(db(), t0);
    const rows = await rowsOf(campaignId);
    expect(rows).toHaveLength(2);
    const fromM2 = rows.find((r) => r.mailboxId === m2!.id)!;
    expect(fromM2).toMatchObject({
      campaignLeadId: followUp.id,
      stepId: steps[1],
      inReplyTo: "<first@outreach.test>",
      references: "<first@outreach.test>",
    });
    // m1 took a first email (the oldest new lead), never m2's follow-up
    const fromM1 = rows.find((r) => r.mailboxId === m1!.id)!;
    expect(fromM1).toMatchObject({ campaignLeadId: cls[0]!.id, stepId: steps[0], inReplyTo: null });
    const [claimed] = await db().select().from(campaignLeads).where(eq(campaignLeads.id, cls[0]!.id));
    expect(claimed).toMatchObject({ status: "sending", mailboxId: m1!.id });
  });

  it("skips suppressed leads (until a person sets them active again), and completes a lead whose step is gone", async () => {
    const { workspaceId, campaignId, leads, campaignLeads: cls } = await scenario({ leads: 3, steps: 1 });
    await suppressLead(db(), { workspaceId, email: leads[0]!.email, reason: "unsubscribed" });
    await db()
      .update(campaignLeads)
      .set({ nextStep: 2, nextSendAt: new Date("2031-03-01T00:00:00Z") })
      .where(eq(campaignLeads.id, cls.find((c) => c.leadId === leads[1]!.id)!.id));
    await runSchedulerTick(db(), new Date("2031-03-04T08:00:00Z"));
    const byLead = async () =>
      Object.fromEntries(
        (await db().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId))).map((c) => [
          c.leadId,
          c.status,
        ]),
      );
    expect(await byLead()).toEqual({
      [leads[0]!.id]: "queued",
      [leads[1]!.id]: "completed",
      [leads[2]!.id]: "sending",
    });
    expect((await rowsOf(campaignId)).map((r) => r.leadId)).toEqual([leads[2]!.id]);

    await updateLead(db(), workspaceId, leads[0]!.id, { status: "active" });
    await runSchedulerTick(db(), new Date("2031-03-04T08:01:00Z"));
    expect((await byLead())[leads[0]!.id]).toBe("sending");
  });

  it("queues at most maxEmails a tick, shared across mailboxes, the rest on the next tick", async () => {
    const { campaignId } = await scenario({ mailboxes: [{}, {}, {}], leads: 30 });
    const t0 = new Date("2031-03-04T08:00:00Z");
    expect((await runSchedulerTick(db(), t0, { maxEmails: 12 })).queued).toHaveLength(12);
    expect((await runSchedulerTick(db(), new Date(+t0 + MIN), { maxEmails: 12 })).queued).toHaveLength(12);
    expect((await runSchedulerTick(db(), new Date(+t0 + 2 * MIN), { maxEmails: 12 })).queued).toHaveLength(6);
    const rows = await rowsOf(campaignId);
    expect(new Set(rows.map((r) => r.campaignLeadId)).size).toBe(30);
    // the budget is shared: each of the three mailboxes sent a third
    const perMailbox = await db()
      .select({ id: sentEmails.mailboxId, n: sql<number>`count(*)::int` })
      .from(sentEmails)
      .where(eq(sentEmails.campaignId, campaignId))
      .groupBy(sentEmails.mailboxId);
    expect(perMailbox.map((p) => p.n)).toEqual([10, 10, 10]);
  });
});

describe("scheduler tick: what it writes", () => {
  it("fills the budget past due mailboxes that have no room left today, locking them a chunk at a time", async () => {
    // three full mailboxes (a limit of 0) due now, then two with room due 30 s later; a budget of
    // two reads the mailboxes two at a time, so the two that can send come on the second chunk
    const t0 = new Date("2031-03-04T08:00:00Z");
    const full = { dailyLimit: 0 };
    const later = { nextSendAt: new Date(+t0 + 30_000), minGapMinutes: 5, maxGapMinutes: 5 };
    const { campaignId, mailboxes: boxes } = await scenario({
      mailboxes: [full, full, full, later, later],
      leads: 6,
    });
    const { queued } = await runSchedulerTick(db(), t0, { maxEmails: 2 });
    expect(queued).toHaveLength(2);
    const rows = await rowsOf(campaignId);
    expect(rows.map((r) => r.mailboxId).sort()).toEqual([boxes[3]!.id, boxes[4]!.id].sort());
    expect(queued.map((q) => +q.sendAt)).toEqual([+t0 + 30_000, +t0 + 30_000]);
    // the full ones are left as they were; the two that sent wait one gap
    const after = await db()
      .select()
      .from(mailboxes)
      .where(
        inArray(
          mailboxes.id,
          boxes.map((b) => b.id),
        ),
      );
    const next = new Map(after.map((m) => [m.id, m.nextSendAt && +m.nextSendAt]));
    for (const b of boxes.slice(0, 3)) expect(next.get(b.id)).toBeNull();
    for (const b of boxes.slice(3)) expect(next.get(b.id)).toBe(+t0 + 30_000 + 5 * MIN);
  });

  it("takes each row's workspace, campaign, lead and address from its campaign lead", async () => {
    const { workspaceId, campaignId, leads } = await scenario({ leads: 1 });
    const { queued } = await runSchedulerTick(db(), new Date("2031-03-04T08:00:00Z"));
    expect(queued).toHaveLength(1);
    const [row] = await rowsOf(campaignId);
    expect(row).toMatchObject({
      id: queued[0]!.id,
      workspaceId,
      campaignId,
      leadId: leads[0]!.id,
      toEmail: leads[0]!.email,
      status: "queued",
    });
    // a time-ordered id (UUIDv7), and the Message-ID starts with it
    expect(row!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row!.messageId.startsWith(`<${row!.id}.`)).toBe(true);
  });

  it("queues nothing for a lead that changed after the claim read it, or whose step already has an email", async () => {
    const { campaignId, mailboxes: boxes, campaignLeads: cls, steps } = await scenario({ leads: 3 });
    const now = new Date("2031-03-04T08:00:00Z");
    const [variant] = await db().select().from(stepVariants).where(eq(stepVariants.stepId, steps[0]!));
    const row = (campaignLeadId: string) => ({
      id: crypto.randomUUID(),
      campaignLeadId,
      stepId: steps[0]!,
      variantId: variant!.id,
      mailboxId: boxes[0]!.id,
      messageId: `<${crypto.randomUUID()}@outreach.test>`,
      inReplyTo: null,
      references: null,
      fromEmail: boxes[0]!.email,
      sendAt: +now,
    });
    const [replied, sentBefore, fresh] = cls;
    // a reply stopped one lead meanwhile; another's first step went out before (a row exists)
    await db().update(campaignLeads).set({ status: "replied" }).where(eq(campaignLeads.id, replied!.id));
    const first = await db().transaction((tx) =>
      writeClaims(tx, { now, rows: [row(sentBefore!.id)], complete: [], nextSendAt: new Map() }),
    );
    expect(first.size).toBe(1);
    await db().update(campaignLeads).set({ status: "queued" }).where(eq(campaignLeads.id, sentBefore!.id));

    const rows = [row(replied!.id), row(sentBefore!.id), row(fresh!.id)];
    const inserted = await db().transaction((tx) =>
      writeClaims(tx, { now, rows, complete: [], nextSendAt: new Map() }),
    );
    expect([...inserted]).toEqual([rows[2]!.id]);
    const status = Object.fromEntries(
      (await db().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId))).map((c) => [
        c.id,
        c.status,
      ]),
    );
    expect(status).toEqual({ [replied!.id]: "replied", [sentBefore!.id]: "queued", [fresh!.id]: "sending" });
    expect((await rowsOf(campaignId)).map((r) => r.campaignLeadId).sort()).toEqual(
      [sentBefore!.id, fresh!.id].sort(),
    );
  });

  it("deleting a lead, a campaign or a workspace deletes its sent emails (through the campaign lead)", async () => {
    // gaps of 0: each mailbox sends to every lead it can in one tick
    const noGap = { minGapMinutes: 0, maxGapMinutes: 0 };
    const a = await scenario({ leads: 2, mailboxes: [noGap] });
    const b = await scenario({
      leads: 1,
      mailboxes: [],
      sharing: { workspaceId: a.workspaceId, mailboxIds: [a.mailboxes[0]!.id] },
    });
    const other = await scenario({ leads: 1, mailboxes: [noGap] });
    await runSchedulerTick(db(), new Date("2031-03-04T08:00:00Z"), { random: () => 0 });
    const count = async (campaignId: string) => (await rowsOf(campaignId)).length;
    expect([await count(a.campaignId), await count(b.campaignId), await count(other.campaignId)]).toEqual([
      2, 1, 1,
    ]);
    await db().delete(leadsTable).where(eq(leadsTable.id, a.leads[0]!.id));
    expect((await rowsOf(a.campaignId)).map((r) => r.leadId)).toEqual([a.leads[1]!.id]);
    await db().delete(campaigns).where(eq(campaigns.id, a.campaignId));
    expect(await count(a.campaignId)).toBe(0);
    expect(await count(b.campaignId)).toBe(1);
    await db().delete(workspaces).where(eq(workspaces.id, a.workspaceId));
    expect(await count(b.campaignId)).toBe(0);
    expect(await count(other.campaignId)).toBe(1);
  });
});
