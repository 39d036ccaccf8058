import type { Mailbox } from "@/lib/db/schema";

const DAY_MS = 86_400_000;

/** Midnight UTC of `now`'s day: a mailbox's "today" (its daily count) starts here. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

type LimitFields = Pick<
  Mailbox,
  "dailyLimit" | "rampEnabled" | "rampStart" | "rampIncrement" | "rampStartedAt" | "createdAt"
>;

/**
 * Today's limit. Without ramp-up, the daily limit. With it, `rampStart + rampIncrement × days`
 * since the ramp started, counted in UTC calendar days (the day it starts is day 0, so a ramp
 * started late in the evening still gets its full first day), capped at the daily limit.
 */
export function todayLimit(mailbox: LimitFields, now: Date): number {
  if (!mailbox.rampEnabled) return mailbox.dailyLimit;
  const started = mailbox.rampStartedAt ?? mailbox.createdAt;
  const days = Math.max(
    0,
    Math.round((startOfUtcDay(now).getTime() - startOfUtcDay(started).getTime()) / DAY_MS),
  );
  return Math.max(0, Math.min(mailbox.dailyLimit, mailbox.rampStart + mailbox.rampIncrement * days));
}

/** How many more emails the mailbox may send today (never negative). */
export function mailboxCapacity(mailbox: LimitFields, sentToday: number, now: Date): number {
  return Math.max(0, todayLimit(mailbox, now) - sentToday);
}

/**
 * A random wait before the mailbox's next email: uniform between its min and max gap, in ms.
 * `random` is injectable (returns [0, 1)) so the scheduler's tests are deterministic.
 */
export function nextGap(
  mailbox: Pick<Mailbox, "minGapMinutes" | "maxGapMinutes">,
  random: () => number = Math.random,
): number {
  const min = Math.min(mailbox.minGapMinutes, mailbox.maxGapMinutes) * 60_000;
  const max = Math.max(mailbox.minGapMinutes, mailbox.maxGapMinutes) * 60_000;
  return Math.floor(min + (max - min) * Math.min(Math.max(random(), 0), 1));
}
