import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns } from "@/lib/db/schema";
import { emitEvent } from "@/lib/webhooks/emit-event";

/**
 * Pause an active campaign and say so (`campaign.paused`: webhooks, and the emails of the people
 * who opted in — not `by`, who did it). Only the change is news: a campaign that is not active
 * stays as it is and nothing is emitted (null). Runs in the caller's transaction: dispatch the
 * returned webhook deliveries after commit.
 */
export async function markCampaignPaused(
  tx: DbOrTx,
  x: { campaignId: string; by: { userId: string; name: string } | null; reason: string | null },
): Promise<string[] | null> {
  const [paused] = await tx
    .update(campaigns)
    .set({ status: "paused", updatedAt: new Date() })
    .where(and(eq(campaigns.id, x.campaignId), eq(campaigns.status, "active")))
    .returning({ workspaceId: campaigns.workspaceId, name: campaigns.name });
  if (!paused) return null;
  const event = await emitEvent(tx, {
    workspaceId: paused.workspaceId,
    type: "campaign.paused",
    payload: {
      campaignId: x.campaignId,
      name: paused.name,
      pausedByUserId: x.by?.userId ?? null,
      pausedByName: x.by?.name ?? null,
      reason: x.reason,
    },
  });
  return event.deliveryIds;
}
