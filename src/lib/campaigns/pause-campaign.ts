import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { dispatchDeliveries, emitEvent } from "@/lib/webhooks/emit-event";
import { getCampaign } from "./get-campaign";
import { getCampaignRow } from "./get-campaign-row";

/**
 * Pause a campaign. Pausing an active one emits `campaign.paused` (webhooks, and the emails of
 * people who opted in — not the one who paused it): `by` is the person, or absent when the app
 * pauses it itself, with a `reason`.
 */
export async function pauseCampaign(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  opts: { by?: { userId: string }; reason?: string } = {},
) {
  const c = await getCampaignRow(db, workspaceId, id);
  if (c.status !== "active" && c.status !== "paused")
    throw new AppError("conflict", `a ${c.status} campaign cannot be paused`);
  const deliveryIds = await db.transaction(async (tx) => {
    const [paused] = await tx
      .update(campaigns)
      .set({ status: "paused", updatedAt: new Date() })
      .where(and(eq(campaigns.id, id), eq(campaigns.status, "active")))
      .returning({ id: campaigns.id });
    if (!paused) return [];
    const [person] = opts.by
      ? await tx
          .select({ name: users.name, email: users.email })
          .from(users)
          .where(eq(users.id, opts.by.userId))
      : [];
    const event = await emitEvent(tx, {
      workspaceId,
      type: "campaign.paused",
      payload: {
        campaignId: id,
        name: c.name,
        pausedByUserId: opts.by?.userId ?? null,
        pausedByName: person ? person.name || person.email : null,
        reason: opts.reason ?? null,
      },
    });
    return event.deliveryIds;
  });
  await dispatchDeliveries(deliveryIds);
  return getCampaign(db, workspaceId, id);
}
