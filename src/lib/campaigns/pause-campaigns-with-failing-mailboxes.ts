import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { dispatchDeliveries } from "@/lib/webhooks/emit-event";
import { markCampaignPaused } from "./mark-campaign-paused";

/**
 * Every minute (the campaign tick): an active campaign none of whose mailboxes is active, and at
 * least one of which the app stopped (status "error": failed logins, a revoked grant, a refused
 * host), cannot send; it pauses, saying which mailbox failed and why, instead of staying "active"
 * and sending nothing. The paths that stop a mailbox while sending or syncing pause its campaigns at
 * once; this catches the others (a failed "Test", a grant revoked while refreshing a token). A
 * campaign whose mailboxes a person paused is left as it is. Resuming checks for a usable mailbox,
 * so a campaign is not paused again and again.
 */
export async function pauseCampaignsWithFailingMailboxes(db: Db): Promise<string[]> {
  const { rows } = await db.execute<{ id: string; email: string; reason: string | null }>(sql`
    select c.id, f.email, f.status_reason as reason
    from campaigns c
    cross join lateral (
      select m.email, m.status_reason from campaign_mailboxes cm join mailboxes m on m.id = cm.mailbox_id
      where cm.campaign_id = c.id and m.status = 'error' order by m.email limit 1
    ) f
    where c.status = 'active'
      and not exists (
        select 1 from campaign_mailboxes cm join mailboxes m on m.id = cm.mailbox_id
        where cm.campaign_id = c.id and m.status = 'active'
      )`);
  for (const r of rows) {
    const deliveryIds = await db.transaction((tx) =>
      markCampaignPaused(tx, {
        campaignId: r.id,
        by: null,
        reason: `its last sending mailbox, ${r.email}, was stopped: ${r.reason ?? "it is in error"}`,
      }),
    );
    if (deliveryIds?.length) await dispatchDeliveries(deliveryIds);
  }
  return rows.map((r) => r.id);
}
