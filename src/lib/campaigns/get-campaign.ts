import { asc, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaignMailboxes, campaignSteps, stepVariants } from "@/lib/db/schema";
import { type CampaignView, toCampaignView } from "./campaign-view";
import { getCampaignRow } from "./get-campaign-row";

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
  return toCampaignView(
    c,
    steps.map((step) => ({ step, variants: variants.filter((v) => v.stepId === step.id) })),
    boxes.map((b) => b.id),
    leadCount?.n ?? 0,
  );
}
