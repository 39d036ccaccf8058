import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { markCampaignPaused } from "./mark-campaign-paused";

/**
 * A receiver blocked a mailbox (it is paused), or its logins kept failing (it is stopped, status
 * "error"): the active campaigns it sent for that have no
 * active mailbox left cannot send, so they pause too, saying why — the people who opted in are
 * told (`campaign.paused`) instead of finding a campaign "active" that sends nothing. Campaigns
 * with another active mailbox go on with it. Runs in the caller's transaction; webhook deliveries
 * are picked up by the stranded-delivery sweep (every minute) once committed.
 */
export async function pauseCampaignsLeftWithoutMailboxes(
  tx: DbOrTx,
  x: { mailboxId: string; email: string; reason: string; stoppedAs?: "paused" | "error" },
): Promise<void> {
  const { rows } = await tx.execute<{ id: string }>(sql`
    select c.id from campaigns c
    join campaign_mailboxes cm on cm.campaign_id = c.id and cm.mailbox_id = ${x.mailboxId}
    where c.status = 'active'
      and not exists (
        select 1 from campaign_mailboxes other
        join mailboxes m on m.id = other.mailbox_id
        where other.campaign_id = c.id and m.status = 'active'
      )`);
  for (const { id } of rows)
    await markCampaignPaused(tx, {
      campaignId: id,
      by: null,
      reason: `its last sending mailbox, ${x.email}, was ${x.stoppedAs === "error" ? "stopped" : "paused"}: ${x.reason}`,
    });
}
