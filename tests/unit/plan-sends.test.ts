import { describe, expect, it } from "vitest";
import { type PlanLead, type PlanMailbox, planSends } from "../../src/lib/sending/plan-sends";
import { shareBudget } from "../../src/lib/sending/share-budget";

const S = 1000;
type Lead = PlanLead & { id: string };
const lead = (id: string, campaignId = "c1", dueAt = Number.NEGATIVE_INFINITY, createdAt = 0): Lead => ({
  id,
  campaignId,
  dueAt,
  createdAt,
});
const mailbox = (id: string, over: Partial<PlanMailbox> = {}): PlanMailbox => ({
  id,
  start: 0,
  maxSlots: 100,
  gap: () => 20 * S,
  campaignIds: ["c1"],
  ...over,
});
const open = (remaining = Number.POSITIVE_INFINITY, start = 0, end = 60 * S) => ({ start, end, remaining });
const plan = (x: Partial<Parameters<typeof planSends<Lead>>[0]>) =>
  planSends<Lead>({
    mailboxes: [mailbox("m1")],
    campaigns: new Map([["c1", open()]]),
    bound: new Map(),
    unbound: new Map([["c1", ["a", "b", "c", "d", "e"].map((id) => lead(id))]]),
    horizon: 60 * S,
    budget: 1000,
    ...x,
  });
const summary = (r: ReturnType<typeof plan>) =>
  r.sends.map((s) => `${s.mailboxId}:${s.lead.id}@${s.sendAt / S}`);

describe("planSends: a tick's sends, one gap apart", () => {
  it("fills the tick with the mailbox's gap and says when its next send may leave", () => {
    const r = plan({});
    expect(summary(r)).toEqual(["m1:a@0", "m1:b@20", "m1:c@40"]);
    expect(r.nextSendAt.get("m1")).toBe(60 * S);
  });

  it("starts where the mailbox's last gap ends, and stops at its daily allowance", () => {
    expect(summary(plan({ mailboxes: [mailbox("m1", { start: 30 * S })] }))).toEqual(["m1:a@30", "m1:b@50"]);
    expect(summary(plan({ mailboxes: [mailbox("m1", { maxSlots: 1 })] }))).toEqual(["m1:a@0"]);
  });

  it("gives the mailbox's own follow-ups first, then the most overdue new lead of its campaigns", () => {
    const r = plan({
      mailboxes: [mailbox("m1", { campaignIds: ["c1", "c2"] })],
      campaigns: new Map([
        ["c1", open()],
        ["c2", open()],
      ]),
      bound: new Map([["m1", [lead("follow-up", "c2", 5 * S)]]]),
      unbound: new Map([
        ["c1", [lead("c1-new", "c1", Number.NEGATIVE_INFINITY, 50)]],
        ["c2", [lead("c2-older", "c2", Number.NEGATIVE_INFINITY, 10)]],
      ]),
    });
    expect(summary(r)).toEqual(["m1:follow-up@0", "m1:c2-older@20", "m1:c1-new@40"]);
  });

  it("shares a campaign's cap and the budget across mailboxes, one slot each in turn", () => {
    const three = ["m1", "m2", "m3"].map((id) => mailbox(id, { gap: () => 0 }));
    expect(summary(plan({ mailboxes: three, campaigns: new Map([["c1", open(4)]]) }))).toEqual([
      "m1:a@0",
      "m2:b@0",
      "m3:c@0",
      "m1:d@0",
    ]);
    expect(plan({ mailboxes: three, budget: 2 }).sends).toHaveLength(2);
  });

  it("plans only inside the campaign's window, waiting for it to open within the tick", () => {
    const r = plan({ campaigns: new Map([["c1", open(Number.POSITIVE_INFINITY, 25 * S, 50 * S)]]) });
    expect(summary(r)).toEqual(["m1:a@25", "m1:b@45"]);
  });

  it("leaves a mailbox with nothing to send untouched", () => {
    const r = plan({ unbound: new Map() });
    expect(r.sends).toEqual([]);
    expect(r.nextSendAt.size).toBe(0);
  });
});

describe("shareBudget: a tick's budget shared evenly across mailboxes", () => {
  it("gives each the largest even share that fits, the odd one to the first in order", () => {
    const boxes = [
      mailbox("m1", { maxSlots: 1 }),
      mailbox("m2", { maxSlots: 10 }),
      mailbox("m3", { maxSlots: 10 }),
    ];
    expect(shareBudget(boxes, 12).map((m) => m.maxSlots)).toEqual([1, 6, 5]);
    expect(shareBudget(boxes, 100).map((m) => m.maxSlots)).toEqual([1, 10, 10]);
    expect(shareBudget(boxes, 2).map((m) => [m.id, m.maxSlots])).toEqual([
      ["m1", 1],
      ["m2", 1],
    ]);
  });
});
