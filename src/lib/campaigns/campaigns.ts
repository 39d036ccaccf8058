import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import {
  type Campaign,
  campaignLeads,
  campaignMailboxes,
  campaignSteps,
  campaigns,
  mailboxes,
  sentEmails,
  stepVariants,
} from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import type { CreateCampaign, StepInput, UpdateCampaign } from "./api-schemas";

export type CampaignView = ReturnType<typeof toView>;

const toView = (
  c: Campaign,
  steps: { step: typeof campaignSteps.$inferSelect; variants: (typeof stepVariants.$inferSelect)[] }[],
  mailboxIds: string[],
  leadCount: number,
) => ({
  id: c.id,
  name: c.name,
  status: c.status,
  timezone: c.timezone,
  sendDays: c.sendDays,
  sendStartMinute: c.sendStartMinute,
  sendEndMinute: c.sendEndMinute,
  dailyCap: c.dailyCap,
  stopOnReply: c.stopOnReply,
  stopOnCompanyReply: c.stopOnCompanyReply,
  trackOpens: c.trackOpens,
  trackClicks: c.trackClicks,
  plainTextOnly: c.plainTextOnly,
  createdAt: c.createdAt.toISOString(),
  launchedAt: c.launchedAt?.toISOString() ?? null,
  steps: steps.map(({ step, variants }) => ({
    id: step.id,
    position: step.position,
    delayMinutes: step.delayMinutes,
    newThread: step.newThread,
    variants: variants.map((v) => ({
      id: v.id,
      label: v.label,
      weight: v.weight,
      subject: v.subject,
      bodyHtml: v.bodyHtml,
      bodyText: v.bodyText,
    })),
  })),
  mailboxIds,
  leadCount,
});

export async function getCampaignRow(db: DbOrTx, workspaceId: string, id: string): Promise<Campaign> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, id)));
  if (!row) throw notFound("campaign");
  return row;
}

export async function getCampaign(db: DbOrTx, workspaceId: string, id: string): Promise<CampaignView> {
  const c = await getCampaignRow(db, workspaceId, id);
  const steps = await db
    .select()
    .from(campaignSteps)
    .where(eq(campaignSteps.campaignId, id))
    .orderBy(asc(campaignSteps.position));
  const variants = steps.length
    ? await db
        .select()
        .from(stepVariants)
        .where(
          inArray(
            stepVariants.stepId,
            steps.map((s) => s.id),
          ),
        )
        .orderBy(asc(stepVariants.label))
    : [];
  const boxes = await db
    .select({ id: campaignMailboxes.mailboxId })
    .from(campaignMailboxes)
    .where(eq(campaignMailboxes.campaignId, id));
  const [leadCount] = await db
    .select({ n: count() })
    .from(campaignLeads)
    .where(eq(campaignLeads.campaignId, id));
  return toView(
    c,
    steps.map((step) => ({ step, variants: variants.filter((v) => v.stepId === step.id) })),
    boxes.map((b) => b.id),
    leadCount?.n ?? 0,
  );
}

export async function listCampaigns(db: DbOrTx, workspaceId: string) {
  // the outer row's id, spelled out: inside a subquery drizzle would render a bare "id"
  const rows = await db
    .select({
      c: campaigns,
      stepCount: sql<number>`(select count(*)::int from ${campaignSteps} s where s.campaign_id = "campaigns"."id")`,
      leadCount: sql<number>`(select count(*)::int from ${campaignLeads} l where l.campaign_id = "campaigns"."id")`,
      replied: sql<number>`(select count(*)::int from ${campaignLeads} l where l.campaign_id = "campaigns"."id" and l.status = 'replied')`,
      sent: sql<number>`(select count(*)::int from ${sentEmails} e where e.campaign_id = "campaigns"."id" and e.status in ('sent', 'bounced'))`,
      mailboxIds: sql<
        string[]
      >`coalesce((select array_agg(m.mailbox_id) from ${campaignMailboxes} m where m.campaign_id = "campaigns"."id"), '{}')`,
    })
    .from(campaigns)
    .where(eq(campaigns.workspaceId, workspaceId))
    .orderBy(desc(campaigns.createdAt));
  return rows.map((r) => {
    const { steps: _s, ...view } = toView(r.c, [], r.mailboxIds, r.leadCount);
    return { ...view, stepCount: r.stepCount, sent: r.sent, replied: r.replied };
  });
}

export async function createCampaign(
  db: DbOrTx,
  workspaceId: string,
  input: z.output<typeof CreateCampaign>,
) {
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    const { steps, mailboxIds, ...settings } = input;
    await tx.insert(campaigns).values({ ...settings, id, workspaceId });
    if (steps) await saveSteps(tx, workspaceId, id, steps);
    if (mailboxIds) await saveMailboxes(tx, workspaceId, id, mailboxIds);
  });
  return getCampaign(db, workspaceId, id);
}

export async function updateCampaign(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  input: z.output<typeof UpdateCampaign>,
) {
  await db.transaction(async (tx) => {
    const current = await getCampaignRow(tx, workspaceId, id);
    const { steps, mailboxIds, ...settings } = input;
    const start = settings.sendStartMinute ?? current.sendStartMinute;
    const end = settings.sendEndMinute ?? current.sendEndMinute;
    if (start >= end) throw new AppError("validation", "the sending window must end after it starts");
    if (current.status === "completed")
      throw new AppError("conflict", "a completed campaign cannot be changed");
    if (Object.keys(settings).length) {
      await tx
        .update(campaigns)
        .set({ ...settings, updatedAt: new Date() })
        .where(eq(campaigns.id, id));
    }
    if (steps) {
      if (current.status === "active") {
        throw new AppError("conflict", "pause the campaign before changing its steps");
      }
      await saveSteps(tx, workspaceId, id, steps);
    }
    if (mailboxIds) await saveMailboxes(tx, workspaceId, id, mailboxIds);
  });
  return getCampaign(db, workspaceId, id);
}

export async function deleteCampaign(db: DbOrTx, workspaceId: string, id: string) {
  const c = await getCampaignRow(db, workspaceId, id);
  if (c.status === "active") throw new AppError("conflict", "pause the campaign before deleting it");
  await db.delete(campaigns).where(eq(campaigns.id, id));
}

type StepIn = z.output<typeof StepInput>;

/**
 * Replace the steps with `steps` (in order), keeping the ids given so that emails already sent
 * stay linked to their step. A step that was already sent cannot be removed.
 */
async function saveSteps(tx: DbOrTx, workspaceId: string, campaignId: string, steps: StepIn[]) {
  const existing = await tx.select().from(campaignSteps).where(eq(campaignSteps.campaignId, campaignId));
  const keep = new Set(steps.map((s) => s.id).filter(Boolean));
  for (const s of steps) {
    if (s.id && !existing.some((e) => e.id === s.id))
      throw new AppError("validation", `unknown step id ${s.id}`);
  }
  const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (removed.length) {
    const [used] = await tx
      .select({ n: count() })
      .from(sentEmails)
      .where(inArray(sentEmails.stepId, removed));
    if (used?.n) throw new AppError("conflict", "a step that has already been sent cannot be removed");
    await tx.delete(campaignSteps).where(inArray(campaignSteps.id, removed));
  }
  // move kept steps out of the way of the unique (campaign, position) index, then renumber
  await tx
    .update(campaignSteps)
    .set({ position: sql`-${campaignSteps.position}` })
    .where(eq(campaignSteps.campaignId, campaignId));
  for (const [i, s] of steps.entries()) {
    const stepId = s.id ?? crypto.randomUUID();
    const values = { position: i + 1, delayMinutes: i === 0 ? 0 : s.delayMinutes, newThread: s.newThread };
    if (s.id) await tx.update(campaignSteps).set(values).where(eq(campaignSteps.id, s.id));
    else await tx.insert(campaignSteps).values({ id: stepId, workspaceId, campaignId, ...values });
    await saveVariants(tx, workspaceId, stepId, s.variants);
  }
}

async function saveVariants(tx: DbOrTx, workspaceId: string, stepId: string, variants: StepIn["variants"]) {
  const existing = await tx
    .select({ id: stepVariants.id })
    .from(stepVariants)
    .where(eq(stepVariants.stepId, stepId));
  const keep = new Set(variants.map((v) => v.id).filter(Boolean));
  const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (removed.length) await tx.delete(stepVariants).where(inArray(stepVariants.id, removed));
  // labels are A, B, C by order; temporary labels first to dodge the unique (step, label) index
  await tx
    .update(stepVariants)
    .set({ label: sql`'~' || ${stepVariants.id}` })
    .where(eq(stepVariants.stepId, stepId));
  for (const [i, v] of variants.entries()) {
    const values = {
      label: String.fromCharCode(65 + i),
      weight: v.weight,
      subject: v.subject,
      bodyHtml: v.bodyHtml,
      bodyText: v.bodyText,
    };
    if (v.id && existing.some((e) => e.id === v.id)) {
      await tx.update(stepVariants).set(values).where(eq(stepVariants.id, v.id));
    } else {
      await tx.insert(stepVariants).values({ id: crypto.randomUUID(), workspaceId, stepId, ...values });
    }
  }
}

async function saveMailboxes(tx: DbOrTx, workspaceId: string, campaignId: string, mailboxIds: string[]) {
  const ids = [...new Set(mailboxIds)];
  if (ids.length) {
    const found = await tx
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, workspaceId), inArray(mailboxes.id, ids)));
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError("validation", `unknown mailbox ${missing.join(", ")}`);
  }
  await tx.delete(campaignMailboxes).where(eq(campaignMailboxes.campaignId, campaignId));
  if (ids.length) {
    await tx
      .insert(campaignMailboxes)
      .values(ids.map((mailboxId) => ({ campaignId, mailboxId, workspaceId })));
  }
}
