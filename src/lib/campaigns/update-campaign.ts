import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { UpdateCampaign } from "./api-schemas";
import { getCampaign } from "./get-campaign";
import { getCampaignRow } from "./get-campaign-row";
import { saveCampaignMailboxes } from "./save-campaign-mailboxes";
import { saveCampaignSteps } from "./save-campaign-steps";

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
      await saveCampaignSteps(tx, workspaceId, id, steps);
    }
    if (mailboxIds) await saveCampaignMailboxes(tx, workspaceId, id, mailboxIds);
  });
  return getCampaign(db, workspaceId, id);
}
