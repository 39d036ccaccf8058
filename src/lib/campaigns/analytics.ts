import { and, asc, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaignSteps, emailEvents, sentEmails, stepVariants } from "@/lib/db/schema";
import { getCampaignRow } from "./get-campaign-row";

const metrics = {
  sent: "sent",
  opened: "open",
  clicked: "click",
  replied: "reply",
  bounced: "bounce",
  unsubscribed: "unsubscribe",
  // spam complaints (feedback reports linked to the email): the complaint rate is complained / sent
  complained: "complaint",
} as const;
type Counts = Record<keyof typeof metrics, number>;

/** Each metric counts emails (an email opened five times is one open), from email_events. */
const countColumns = Object.fromEntries(
  Object.entries(metrics).map(([k, type]) => [
    k,
    sql<number>`count(distinct ${emailEvents.sentEmailId}) filter (where ${emailEvents.type} = ${type})::int`,
  ]),
) as { [K in keyof Counts]: ReturnType<typeof sql<number>> };

/** Sent, opened, clicked, replied, bounced, unsubscribed, complained: totals, per step, per variant, per day. */
export async function campaignAnalytics(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string,
  timezone?: string,
) {
  const campaign = await getCampaignRow(db, workspaceId, campaignId);
  const tz = timezone ?? campaign.timezone;
  const where = eq(emailEvents.campaignId, campaignId);
  const [totals] = await db.select(countColumns).from(emailEvents).where(where);
  const byStep = await db
    .select({ stepId: emailEvents.stepId, ...countColumns })
    .from(emailEvents)
    .where(where)
    .groupBy(emailEvents.stepId);
  const byVariant = await db
    .select({ variantId: emailEvents.variantId, ...countColumns })
    .from(emailEvents)
    .where(where)
    .groupBy(emailEvents.variantId);
  const day = sql<string>`to_char(${emailEvents.createdAt} at time zone ${tz}, 'YYYY-MM-DD')`;
  const daily = await db
    .select({ date: day, ...countColumns })
    .from(emailEvents)
    .where(where)
    // by position: the time zone is a bind parameter, so the expression cannot be repeated
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  const steps = await db
    .select()
    .from(campaignSteps)
    .where(eq(campaignSteps.campaignId, campaignId))
    .orderBy(asc(campaignSteps.position));
  const variants = steps.length
    ? await db
        .select({ v: stepVariants, position: campaignSteps.position })
        .from(stepVariants)
        .innerJoin(campaignSteps, eq(campaignSteps.id, stepVariants.stepId))
        .where(eq(campaignSteps.campaignId, campaignId))
        .orderBy(asc(campaignSteps.position), asc(stepVariants.label))
    : [];
  const leadStates = await db
    .select({ status: campaignLeads.status, n: count() })
    .from(campaignLeads)
    .where(eq(campaignLeads.campaignId, campaignId))
    .groupBy(campaignLeads.status);
  // sends interrupted with no evidence either way (recoverStuckSends): not in `sent`, shown apart
  const [unknown] = await db
    .select({ n: count() })
    .from(sentEmails)
    .where(and(eq(sentEmails.campaignId, campaignId), eq(sentEmails.status, "unknown")));
  const zero: Counts = {
    sent: 0,
    opened: 0,
    clicked: 0,
    replied: 0,
    bounced: 0,
    unsubscribed: 0,
    complained: 0,
  };
  const pick = (r: Partial<Counts> | undefined): Counts => ({
    ...zero,
    ...Object.fromEntries(Object.keys(zero).map((k) => [k, r?.[k as keyof Counts] ?? 0])),
  });
  return {
    totals: pick(totals),
    steps: steps.map((s) => ({
      stepId: s.id,
      position: s.position,
      ...pick(byStep.find((b) => b.stepId === s.id)),
    })),
    variants: variants.map(({ v }) => ({
      variantId: v.id,
      stepId: v.stepId,
      label: v.label,
      ...pick(byVariant.find((b) => b.variantId === v.id)),
    })),
    daily: daily.map((d) => ({ ...pick(d), date: d.date })),
    leads: Object.fromEntries(leadStates.map((s) => [s.status, s.n])),
    unknown: unknown?.n ?? 0,
  };
}
