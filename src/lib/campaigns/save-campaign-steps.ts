import { count, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { campaignSteps, sentEmails, stepVariants } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { StepInput } from "./api-schemas";

type StepIn = z.output<typeof StepInput>;

/**
 * Replace the steps with `steps` (in order), keeping the ids given so that emails already sent
 * stay linked to their step. A step that was already sent cannot be removed.
 */
export async function saveCampaignSteps(
  tx: DbOrTx,
  workspaceId: string,
  campaignId: string,
  steps: StepIn[],
) {
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
    await saveStepVariants(tx, workspaceId, stepId, s.variants);
  }
}

async function saveStepVariants(
  tx: DbOrTx,
  workspaceId: string,
  stepId: string,
  variants: StepIn["variants"],
) {
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
