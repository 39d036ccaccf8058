import { describe, expect, it } from "vitest";
import { mailboxCapacity, nextGap, startOfUtcDay, todayLimit } from "../../src/lib/mailboxes/capacity";

const base = {
  dailyLimit: 40,
  rampEnabled: false,
  rampStart: 5,
  rampIncrement: 3,
  rampStartedAt: null as Date | null,
  createdAt: new Date("2026-03-01T08:00:00Z"),
};
const at = (iso: string) => new Date(iso);

describe("mailboxCapacity: how many more a mailbox may send today", () => {
  it("is the daily limit minus today's sends, never below zero", () => {
    const now = at("2026-03-10T12:00:00Z");
    expect(mailboxCapacity(base, 0, now)).toBe(40);
    expect(mailboxCapacity(base, 39, now)).toBe(1);
    expect(mailboxCapacity(base, 40, now)).toBe(0);
    expect(mailboxCapacity(base, 55, now)).toBe(0);
  });

  it("ramps up: start on the first day, + increment per UTC calendar day, capped at the daily limit", () => {
    const ramp = { ...base, rampEnabled: true, rampStartedAt: at("2026-03-01T23:30:00Z") };
    // the day the ramp starts is day 0, however late in the day
    expect(todayLimit(ramp, at("2026-03-01T23:45:00Z"))).toBe(5);
    // half an hour later it is the next UTC day
    expect(todayLimit(ramp, at("2026-03-02T00:00:00Z"))).toBe(8);
    expect(todayLimit(ramp, at("2026-03-03T12:00:00Z"))).toBe(11);
    expect(mailboxCapacity(ramp, 4, at("2026-03-03T12:00:00Z"))).toBe(7);
    // day 11: 5 + 33 = 38; day 12: 41 → capped at 40
    expect(todayLimit(ramp, at("2026-03-12T01:00:00Z"))).toBe(38);
    expect(todayLimit(ramp, at("2026-03-13T01:00:00Z"))).toBe(40);
    expect(todayLimit(ramp, at("2027-01-01T00:00:00Z"))).toBe(40);
  });

  it("falls back to the creation date without a ramp start, and never counts days before it", () => {
    const ramp = { ...base, rampEnabled: true };
    expect(todayLimit(ramp, at("2026-03-02T09:00:00Z"))).toBe(8);
    // a clock behind the start (another machine) does not go below the start value
    expect(
      todayLimit({ ...ramp, rampStartedAt: at("2026-03-05T00:00:00Z") }, at("2026-03-04T00:00:00Z")),
    ).toBe(5);
  });

  it("a ramp start above the daily limit is capped at the limit", () => {
    expect(todayLimit({ ...base, rampEnabled: true, rampStart: 100 }, at("2026-03-01T09:00:00Z"))).toBe(40);
  });

  it("'today' starts at midnight UTC", () => {
    expect(startOfUtcDay(at("2026-03-10T23:59:59.999Z")).toISOString()).toBe("2026-03-10T00:00:00.000Z");
  });
});

describe("nextGap: a random wait between the mailbox's min and max gap", () => {
  const m = { minGapMinutes: 8, maxGapMinutes: 15 };

  it("maps random 0 to the minimum and just under 1 to the maximum, in milliseconds", () => {
    expect(nextGap(m, () => 0)).toBe(8 * 60_000);
    expect(nextGap(m, () => 0.5)).toBe(11.5 * 60_000);
    expect(nextGap(m, () => 0.999_999_999)).toBe(15 * 60_000 - 1);
  });

  it("stays inside the range with Math.random", () => {
    for (let i = 0; i < 1000; i++) {
      const gap = nextGap(m);
      expect(gap).toBeGreaterThanOrEqual(8 * 60_000);
      expect(gap).toBeLessThan(15 * 60_000);
    }
  });

  it("is exact when min equals max, zero when both are zero, and tolerates a swapped pair", () => {
    expect(nextGap({ minGapMinutes: 10, maxGapMinutes: 10 }, () => 0.7)).toBe(600_000);
    expect(nextGap({ minGapMinutes: 0, maxGapMinutes: 0 }, () => 0.7)).toBe(0);
    expect(nextGap({ minGapMinutes: 15, maxGapMinutes: 8 }, () => 0)).toBe(8 * 60_000);
  });
});
