import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import type { CampaignList } from "./api-schemas";

type ListedCampaign = z.output<typeof CampaignList>["data"][number];

/** An ISO 8601 UTC timestamp as JavaScript's toISOString() writes it (milliseconds, "Z"). */
const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * Every campaign of the workspace, newest first, with its step count, mailboxes and totals, as
 * the API shows them. One statement, and PostgreSQL writes the JSON: each per-campaign figure is
 * aggregated once for the workspace and joined, the totals come from the running counters the
 * triggers keep (campaignCounterDeltas: a row or two a campaign) instead of counting leads and
 * emails, and Node parses one JSON text instead of mapping every column of every row (which cost
 * more than the query itself at a few hundred campaigns).
 */
export async function listCampaigns(db: DbOrTx, workspaceId: string): Promise<ListedCampaign[]> {
  const { rows } = await db.execute<{ list: string | null }>(sql`
    with steps as (
      select campaign_id, count(*)::int as n from campaign_steps where workspace_id = ${workspaceId}
      group by campaign_id
    ), boxes as (
      select campaign_id, array_agg(mailbox_id) as ids from campaign_mailboxes
      where workspace_id = ${workspaceId} group by campaign_id
    ), totals as (
      select d.campaign_id, sum(d.leads)::int as leads, sum(d.replied)::int as replied, sum(d.sent)::int as sent
      from campaign_counter_deltas d join campaigns k on k.id = d.campaign_id
      where k.workspace_id = ${workspaceId} group by d.campaign_id
    )
    select json_agg(json_build_object(
      'id', c.id, 'name', c.name, 'status', c.status, 'timezone', c.timezone,
      'sendDays', c.send_days, 'sendStartMinute', c.send_start_minute, 'sendEndMinute', c.send_end_minute,
      'dailyCap', c.daily_cap, 'stopOnReply', c.stop_on_reply, 'stopOnCompanyReply', c.stop_on_company_reply,
      'trackOpens', c.track_opens, 'trackClicks', c.track_clicks, 'plainTextOnly', c.plain_text_only,
      'createdAt', ${iso("c.created_at")}, 'launchedAt', ${iso("c.launched_at")},
      'mailboxIds', coalesce(b.ids, '{}'), 'leadCount', coalesce(t.leads, 0),
      'stepCount', coalesce(s.n, 0), 'sent', coalesce(t.sent, 0), 'replied', coalesce(t.replied, 0)
    ) order by c.created_at desc, c.id)::text as list
    from campaigns c
    left join steps s on s.campaign_id = c.id
    left join boxes b on b.campaign_id = c.id
    left join totals t on t.campaign_id = c.id
    where c.workspace_id = ${workspaceId}`);
  return rows[0]?.list ? (JSON.parse(rows[0].list) as ListedCampaign[]) : [];
}
