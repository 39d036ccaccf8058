import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { dispatchDeliveries } from "@/lib/webhooks/emit-event";
import { getCampaign } from "./get-campaign";
import { getCampaignRow } from "./get-campaign-row";
import { markCampaignPaused } from "./mark-campaign-paused";

/** Pause a campaign by hand; pausing an active one emits `campaign.paused` naming who did it. */
export async function pauseCampaign(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  opts: { by?: { userId: string } } = {},
) {
  const c = await getCampaignRow(db, workspaceId, id);
  if (c.status !== "active" && c.status !== "paused")
    throw new AppError("conflict", `a ${c.status} campaign cannot be paused`);
  const deliveryIds = await db.transaction(async (tx) => {
    const [person] = opts.by
      ? await tx
          .select({ name: users.name, email: users.email })
          .from(users)
          .where(eq(users.id, opts.by.userId))
      : [];
    const by = opts.by && person ? { userId: opts.by.userId, name: person.name || person.email } : null;
    return (await markCampaignPaused(tx, { campaignId: id, by, reason: null })) ?? [];
  });
  await dispatchDeliveries(deliveryIds);
  return getCampaign(db, workspaceId, id);
}
