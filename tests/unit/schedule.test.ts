import { describe, expect, it } from "vitest";
import {
  isInWindow,
  isValidTimeZone,
  nextWindowOpening,
  sendingSpan,
} from "../../src/lib/campaigns/schedule";

const weekdays9to17 = {
  timezone: "America/New_York",
  sendDays: [1, 2, 3, 4, 5],
  sendStartMinute: 540,
  sendEndMinute: 1020,
};

describe("sending window", () => {
  it("reads days and hours in the campaign's time zone", () => {
    // Wednesday 2026-11-25 14:30 UTC = 09:30 in New York (EST, UTC-5)
    expect(isInWindow(weekdays9to17, new Date("2026-11-25T14:30:00Z"))).toBe(true);
    // 13:59 UTC = 08:59 New York: too early
    expect(isInWindow(weekdays9to17, new Date("2026-11-25T13:59:00Z"))).toBe(false);
    // 22:00 UTC = 17:00 New York: the end is exclusive
    expect(isInWindow(weekdays9to17, new Date("2026-11-25T22:00:00Z"))).toBe(false);
    // Saturday
    expect(isInWindow(weekdays9to17, new Date("2026-11-28T15:00:00Z"))).toBe(false);
  });

  it("finds the next opening, across a weekend and a DST change", () => {
    // Friday 17:30 New York → Monday 09:00 New York (14:00 UTC)
    expect(nextWindowOpening(weekdays9to17, new Date("2026-11-27T22:30:00Z"))?.toISOString()).toBe(
      "2026-11-30T14:00:00.000Z",
    );
    // Before a DST switch (2026-03-08 in the US): Friday evening → Monday 09:00 EDT = 13:00 UTC
    expect(nextWindowOpening(weekdays9to17, new Date("2026-03-06T23:00:00Z"))?.toISOString()).toBe(
      "2026-03-09T13:00:00.000Z",
    );
    // inside the window: now
    expect(nextWindowOpening(weekdays9to17, new Date("2026-11-25T15:00:00Z"))?.toISOString()).toBe(
      "2026-11-25T15:00:00.000Z",
    );
    expect(nextWindowOpening({ ...weekdays9to17, sendDays: [] }, new Date())).toBeNull();
  });

  it("validates time zones", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("sendingSpan: the part of a tick inside the window", () => {
  const nineToFiveUtc = {
    timezone: "UTC",
    sendDays: [1, 2, 3, 4, 5],
    sendStartMinute: 540,
    sendEndMinute: 1020,
  };
  const span = (from: string, until: string) => {
    const s = sendingSpan(nineToFiveUtc, new Date(from), new Date(until));
    return s && [s.start.toISOString(), s.end.toISOString()];
  };
  it("is the whole tick when open throughout, cut at the closing, started at the opening", () => {
    expect(span("2026-11-25T10:00:30Z", "2026-11-25T10:01:30Z")).toEqual([
      "2026-11-25T10:00:30.000Z",
      "2026-11-25T10:01:30.000Z",
    ]);
    expect(span("2026-11-25T16:59:30Z", "2026-11-25T17:00:30Z")).toEqual([
      "2026-11-25T16:59:30.000Z",
      "2026-11-25T17:00:00.000Z",
    ]);
    expect(span("2026-11-25T08:59:30Z", "2026-11-25T09:00:30Z")).toEqual([
      "2026-11-25T09:00:00.000Z",
      "2026-11-25T09:00:30.000Z",
    ]);
  });
  it("is null when the window stays closed (a Saturday)", () => {
    expect(span("2026-11-28T10:00:00Z", "2026-11-28T10:01:00Z")).toBeNull();
  });
});
