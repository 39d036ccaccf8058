import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getCampaignRow } from "./get-campaign-row";

export async function deleteCampaign(db: DbOrTx, workspaceId: string, id: string) {
  const c = await getCampaignRow(db, workspaceId, id);
  if (c.status === "active") throw new AppError("conflict", "pause the campaign before deleting it");
  await db.delete(campaigns).where(eq(campaigns.id, id));
}
