import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getCampaign } from "./get-campaign";
import { getCampaignRow } from "./get-campaign-row";

export async function pauseCampaign(db: DbOrTx, workspaceId: string, id: string) {
  const c = await getCampaignRow(db, workspaceId, id);
  if (c.status !== "active" && c.status !== "paused")
    throw new AppError("conflict", `a ${c.status} campaign cannot be paused`);
  await db.update(campaigns).set({ status: "paused", updatedAt: new Date() }).where(eq(campaigns.id, id));
  return getCampaign(db, workspaceId, id);
}
