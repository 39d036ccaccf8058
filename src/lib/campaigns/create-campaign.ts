import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import type { CreateCampaign } from "./api-schemas";
import { getCampaign } from "./get-campaign";
import { saveCampaignMailboxes } from "./save-campaign-mailboxes";
import { saveCampaignSteps } from "./save-campaign-steps";

export async function createCampaign(
  db: DbOrTx,
  workspaceId: string,
  input: z.output<typeof CreateCampaign>,
) {
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    const { steps, mailboxIds, ...settings } = input;
    await tx.insert(campaigns).values({ ...settings, id, workspaceId });
    if (steps) await saveCampaignSteps(tx, workspaceId, id, steps);
    if (mailboxIds) await saveCampaignMailboxes(tx, workspaceId, id, mailboxIds);
  });
  return getCampaign(db, workspaceId, id);
}
