import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { sendingSpan, windowChecker } from "@/lib/campaigns/schedule";
import type { Db, DbOrTx } from "@/lib/db/client";
import { campaignSteps, campaigns, stepVariants } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { mailboxCapacity, nextGap, startOfUtcDay } from "@/lib/mailboxes/capacity";
import { claimDueLeads, type DueLead } from "./claim-due-leads";
import { pickByWeight } from "./pick-by-weight";
import { type PlanCampaign, type PlanMailbox, planSends } from "./plan-sends";
import { shareBudget } from "./share-budget";
import { timeOrderedIds } from "./time-ordered-id";
import { type ClaimRow, writeClaims } from "./write-claims";

export type PlannedSend = { id: string; sendAt: Date };
export type TickResult = { queued: PlannedSend[] };
export type TickOptions = {
  /** how far ahead a tick plans: its interval, so that each tick plans up to the next (60 s) */
  horizonMs?: number;
  /**
   * The most emails one tick queues (2,000): a tick's cost is its writes, a few hundred
   * microseconds an email (a sent_emails row with its indexes, the campaign lead), so this bounds
   * the tick and its transaction. 2,000 a minute is twice what 10,000 mailboxes at 50 a day need
   * in an 8-hour window; the rest wait for the next tick, earliest-due mailboxes first.
   */
  maxEmails?: number;
  /** injectable for deterministic gaps and tie-breaks in tests */
  random?: () => number;
};

const DAY_MS = 86_400_000;
// `unknown` may have been sent: it uses the day's allowance like a sent email
const COUNTED = sql.raw(`('queued', 'sending', 'sent', 'bounced', 'unknown')`);

/**
 * One scheduler pass (every minute; safe on any number of workers at once). For every active
 * campaign whose window is open before the next tick, and every mailbox of it whose gap runs out
 * before then, plan the mailbox's sends up to the next tick, one random gap apart (so a short gap
 * sends several a minute, a long one every few ticks), within its daily allowance and the
 * campaign's daily cap, and queue each: a `sent_emails` row (unique per campaign lead and step,
 * so no step is sent twice), due at its planned time: the workers' send loop takes it then.
 *
 * One transaction claims for every campaign at once, in a handful of set-based statements whose
 * cost follows what is queued: campaigns and mailboxes locked with SKIP LOCKED (a campaign's cap
 * and a mailbox's gaps and limit are decided by one worker at a time, so neither is overshot by
 * workers running side by side; mailboxes only as many as the budget can serve), due leads read
 * in claim order from partial indexes, then claimed and queued in one statement (writeClaims).
 */
export async function runSchedulerTick(
  db: Db,
  now = new Date(),
  opts: TickOptions = {},
): Promise<TickResult> {
  const random = opts.random ?? Math.random;
  // never plan past midnight UTC: today's counts decide today's sends only
  const horizon = new Date(
    Math.min(now.getTime() + (opts.horizonMs ?? 60_000), startOfUtcDay(now).getTime() + DAY_MS),
  );
  const isOpen = windowChecker();
  const spans = new Map<string, { start: number; end: number }>();
  for (const c of await db.select().from(campaigns).where(eq(campaigns.status, "active"))) {
    const span = sendingSpan(c, now, horizon, isOpen);
    if (span) spans.set(c.id, { start: +span.start, end: +span.end });
  }
  if (!spans.size) return { queued: [] };
  const queued = await db.transaction((tx) =>
    claimSends(tx, { now, horizon: +horizon, spans, maxEmails: opts.maxEmails ?? 2_000, random }),
  );
  if (queued.length) logger.debug({ queued: queued.length }, "scheduler tick queued emails");
  return { queued };
}

type MailboxRow = {
  id: string;
  email: string;
  daily_limit: number;
  ramp_enabled: boolean;
  ramp_start: number;
  ramp_increment: number;
  ramp_started_at: Date | null;
  created_at: Date;
  min_gap_minutes: number;
  max_gap_minutes: number;
  next_send_at: Date | null;
};

async function claimSends(
  tx: DbOrTx,
  x: {
    now: Date;
    horizon: number;
    spans: Map<string, { start: number; end: number }>;
    maxEmails: number;
    random: () => number;
  },
): Promise<PlannedSend[]> {
  const ids = (xs: string[]) => sql`${sql.param(xs)}::text[]`;
  const locked = (
    await tx.execute<{ id: string; daily_cap: number | null }>(sql`
      select id, daily_cap from campaigns where id = any(${ids([...x.spans.keys()])}) and status = 'active'
      for no key update skip locked`)
  ).rows;
  if (!locked.length) return [];
  const dayStart = startOfUtcDay(x.now).toISOString();
  const countToday = async (column: "mailbox_id" | "campaign_id", of: string[]) => {
    if (!of.length) return new Map<string, number>();
    const rows = await tx.execute<{ id: string; n: number }>(sql`
      select ${sql.identifier(column)} as id, count(*)::int as n from sent_emails
      where ${sql.identifier(column)} = any(${ids(of)}) and created_at >= ${dayStart}::timestamptz
        and status in ${COUNTED}
      group by 1`);
    return new Map(rows.rows.map((r) => [r.id, r.n]));
  };
  const capped = locked.filter((c) => c.daily_cap !== null);
  const sentByCampaign = await countToday(
    "campaign_id",
    capped.map((c) => c.id),
  );
  const rules = new Map<string, PlanCampaign>();
  for (const c of locked) {
    const span = x.spans.get(c.id)!;
    const remaining =
      c.daily_cap === null ? Number.POSITIVE_INFINITY : c.daily_cap - (sentByCampaign.get(c.id) ?? 0);
    if (remaining > 0) rules.set(c.id, { start: span.start, end: span.end, remaining });
  }
  if (!rules.size) return [];

  // The due mailboxes, earliest-due first (ties in an order drawn for this tick), locked a chunk
  // at a time until enough of them have room for the budget: once that many can send one email
  // each, the budget's even share is one and the mailboxes after them get none (shareBudget), so
  // locking and counting them would be wasted. When every due mailbox fits, that is all of them.
  const open = [...rules.keys()];
  const seed = Math.floor(x.random() * 2 ** 31);
  const boxes: MailboxRow[] = [];
  const mailboxes: PlanMailbox[] = [];
  let withRoom = 0;
  for (;;) {
    // at least a hundred a round trip, however few are still wanted (fewer for a small budget)
    const want = Math.max(x.maxEmails - withRoom, Math.min(100, x.maxEmails));
    const chunk = (
      await tx.execute<MailboxRow>(sql`
        select m.id, m.email, m.daily_limit, m.ramp_enabled, m.ramp_start, m.ramp_increment, m.ramp_started_at,
          m.created_at, m.min_gap_minutes, m.max_gap_minutes, m.next_send_at
        from mailboxes m
        where m.status = 'active' and (m.next_send_at is null or m.next_send_at < ${new Date(x.horizon).toISOString()}::timestamptz)
          and m.id in (select cm.mailbox_id from campaign_mailboxes cm where cm.campaign_id = any(${ids(open)}))
          and m.id <> all(${ids(boxes.map((m) => m.id))})
        order by greatest(m.next_send_at, ${x.now.toISOString()}::timestamptz), hashtextextended(m.id, ${seed}::bigint)
        limit ${want}
        for no key update of m skip locked`)
    ).rows;
    if (!chunk.length) break;
    const chunkIds = chunk.map((m) => m.id);
    const campaignsOf = new Map<string, string[]>();
    const pairs = await tx.execute<{ campaign_id: string; mailbox_id: string }>(sql`
      select campaign_id, mailbox_id from campaign_mailboxes
      where mailbox_id = any(${ids(chunkIds)}) and campaign_id = any(${ids(open)})`);
    for (const p of pairs.rows) push(campaignsOf, p.mailbox_id, p.campaign_id);
    const sentByMailbox = await countToday("mailbox_id", chunkIds);
    for (const m of chunk) {
      const plan = toPlanMailbox(m, x, sentByMailbox.get(m.id) ?? 0, campaignsOf.get(m.id) ?? [], rules);
      boxes.push(m);
      mailboxes.push(plan);
      if (plan.maxSlots > 0 && plan.campaignIds.length) withRoom++;
    }
    if (chunk.length < want || withRoom >= x.maxEmails) break;
  }
  if (!boxes.length) return [];
  const serving = shareBudget(
    mailboxes.filter((m) => m.maxSlots > 0 && m.campaignIds.length),
    x.maxEmails,
  );
  if (!serving.length) return [];

  const slotsOf = new Map<string, number>();
  for (const m of serving) for (const c of m.campaignIds) slotsOf.set(c, (slotsOf.get(c) ?? 0) + m.maxSlots);
  const due = await claimDueLeads(tx, {
    now: x.now,
    bound: serving.flatMap((m) =>
      m.campaignIds.map((c) => ({
        campaignId: c,
        mailboxId: m.id,
        n: Math.min(m.maxSlots, rules.get(c)!.remaining),
      })),
    ),
    unbound: [...slotsOf].map(([c, n]) => ({
      campaignId: c,
      n: Math.min(n, rules.get(c)!.remaining, x.maxEmails),
    })),
  });
  if (!due.length) return [];

  const steps = await loadSteps(tx, [...new Set(due.map((l) => l.campaignId))]);
  const complete: string[] = [];
  const bound = new Map<string, DueLead[]>();
  const unbound = new Map<string, DueLead[]>();
  for (const lead of due) {
    const step = steps.get(`${lead.campaignId}:${lead.nextStep}`);
    // a step removed since the lead got here: the lead has had every step there is
    if (!step) complete.push(lead.id);
    else if (!step.variants.some((v) => v.weight > 0)) continue;
    else if (lead.mailboxId) push(bound, lead.mailboxId, lead);
    else push(unbound, lead.campaignId, lead);
  }
  for (const list of [...bound.values(), ...unbound.values()]) list.sort(byClaimOrder);
  const plan = planSends({
    mailboxes: serving,
    campaigns: rules,
    bound,
    unbound,
    horizon: x.horizon,
    budget: x.maxEmails,
  });

  const emailOf = new Map(boxes.map((m) => [m.id, m.email]));
  const sentIds = timeOrderedIds(plan.sends.length);
  const salt = randomBytes(6 * plan.sends.length).toString("hex");
  const rows: ClaimRow[] = plan.sends.map(({ lead, mailboxId, sendAt }, i) => {
    const step = steps.get(`${lead.campaignId}:${lead.nextStep}`)!;
    const variant = pickByWeight(step.variants, x.random)!;
    const threaded = step.position > 1 && !step.newThread && lead.threadMessageId;
    const id = sentIds[i]!;
    const from = emailOf.get(mailboxId)!;
    return {
      id,
      campaignLeadId: lead.id,
      stepId: step.id,
      variantId: variant.id,
      mailboxId,
      messageId: `<${id}.${salt.slice(12 * i, 12 * i + 12)}@${from.split("@")[1]!.toLowerCase()}>`,
      inReplyTo: threaded ? lead.threadMessageId : null,
      references: threaded ? [lead.threadReferences, lead.threadMessageId].filter(Boolean).join(" ") : null,
      fromEmail: from,
      sendAt,
    };
  });
  const inserted = await writeClaims(tx, { now: x.now, rows, complete, nextSendAt: plan.nextSendAt });
  return rows.filter((r) => inserted.has(r.id)).map((r) => ({ id: r.id, sendAt: new Date(r.sendAt) }));
}

/** A locked mailbox as the planner sees it: when it may next send, and how many at most. */
function toPlanMailbox(
  m: MailboxRow,
  x: { now: Date; horizon: number; random: () => number },
  sentToday: number,
  campaignIds: string[],
  rules: Map<string, PlanCampaign>,
): PlanMailbox {
  const limits = {
    dailyLimit: m.daily_limit,
    rampEnabled: m.ramp_enabled,
    rampStart: m.ramp_start,
    rampIncrement: m.ramp_increment,
    rampStartedAt: m.ramp_started_at && new Date(m.ramp_started_at),
    createdAt: new Date(m.created_at),
  };
  const gaps = { minGapMinutes: m.min_gap_minutes, maxGapMinutes: m.max_gap_minutes };
  const capacity = mailboxCapacity(limits, sentToday, x.now);
  const start = Math.max(+x.now, m.next_send_at ? +new Date(m.next_send_at) : 0);
  const minGap = Math.min(m.min_gap_minutes, m.max_gap_minutes) * 60_000;
  const fit = minGap === 0 ? capacity : Math.ceil((x.horizon - start) / minGap);
  return {
    id: m.id,
    start,
    maxSlots: start >= x.horizon ? 0 : Math.min(capacity, fit),
    gap: () => nextGap(gaps, x.random),
    campaignIds: campaignIds.filter((c) => rules.has(c)),
  };
}

type StepInfo = {
  id: string;
  position: number;
  newThread: boolean;
  variants: { id: string; weight: number }[];
};

/** The steps (with their variants) of these campaigns, by `campaignId:position`. */
async function loadSteps(tx: DbOrTx, campaignIds: string[]): Promise<Map<string, StepInfo>> {
  const rows = await tx
    .select({
      campaignId: campaignSteps.campaignId,
      id: campaignSteps.id,
      position: campaignSteps.position,
      newThread: campaignSteps.newThread,
      variantId: stepVariants.id,
      weight: stepVariants.weight,
    })
    .from(campaignSteps)
    .leftJoin(stepVariants, eq(stepVariants.stepId, campaignSteps.id))
    .where(inArray(campaignSteps.campaignId, campaignIds))
    .orderBy(campaignSteps.id, stepVariants.label);
  const steps = new Map<string, StepInfo>();
  for (const r of rows) {
    const key = `${r.campaignId}:${r.position}`;
    const step = steps.get(key) ?? { id: r.id, position: r.position, newThread: r.newThread, variants: [] };
    if (r.variantId) step.variants.push({ id: r.variantId, weight: r.weight ?? 0 });
    steps.set(key, step);
  }
  return steps;
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byClaimOrder(a: DueLead, b: DueLead): number {
  return a.dueAt - b.dueAt || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
}
