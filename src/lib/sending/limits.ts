import type { Mailbox } from "@/lib/db/schema";

type Limits = Pick<
  Mailbox,
  "dailyLimit" | "rampEnabled" | "rampStart" | "rampIncrement" | "rampStartedAt" | "createdAt"
>;

/** Today's limit: the daily limit, or with ramp-up `start + increment × days since ramp start`, capped. */
export function dailyLimitOn(m: Limits, now: Date): number {
  if (!m.rampEnabled) return m.dailyLimit;
  const since = m.rampStartedAt ?? m.createdAt;
  const days = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
  return Math.min(m.dailyLimit, m.rampStart + m.rampIncrement * days);
}

/** How many more emails the mailbox may send today. */
export function mailboxAllowance(m: Limits, sentToday: number, now: Date): number {
  return Math.max(0, dailyLimitOn(m, now) - sentToday);
}

/** A random wait before the mailbox's next email, between its min and max gap. */
export function randomGapMs(
  m: Pick<Mailbox, "minGapMinutes" | "maxGapMinutes">,
  random = Math.random,
): number {
  const min = Math.min(m.minGapMinutes, m.maxGapMinutes);
  const max = Math.max(m.minGapMinutes, m.maxGapMinutes);
  return Math.round((min + (max - min) * random()) * 60_000);
}
