import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getCampaignRow } from "./get-campaign-row";
import { launchCampaign } from "./launch-campaign";

export async function resumeCampaign(db: DbOrTx, workspaceId: string, id: string) {
  const c = await getCampaignRow(db, workspaceId, id);
  if (c.status !== "paused")
    throw new AppError("conflict", `only a paused campaign can be resumed (it is ${c.status})`);
  return launchCampaign(db, workspaceId, id);
}
