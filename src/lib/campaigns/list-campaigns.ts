import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import type { CampaignList } from "./api-schemas";

type ListedCampaign = z.output<typeof CampaignList>["data"][number];

type Row = {
  id: string;
  name: string;
  status: ListedCampaign["status"];
  timezone: string;
  send_days: number[];
  send_start_minute: number;
  send_end_minute: number;
  daily_cap: number | null;
  stop_on_reply: boolean;
  stop_on_company_reply: boolean;
  track_opens: boolean;
  track_clicks: boolean;
  plain_text_only: boolean;
  created_ms: number;
  launched_ms: number | null;
  mailbox_ids: string[] | null;
  step_count: number | null;
  leads: number | null;
  replied: number | null;
  sent: number | null;
};

/**
 * Every campaign of the workspace, newest first, with its step count, mailboxes and totals, as
 * the API shows them. One statement: each per-campaign figure is aggregated once for the
 * workspace and joined, and the totals come from the running counters the triggers keep
 * (campaignCounterDeltas: a row or two a campaign) instead of counting its leads and emails. Rows
 * are read as the driver gives them and mapped here: mapping every column through the ORM cost
 * more than the query at a few hundred campaigns.
 */
export async function listCampaigns(db: DbOrTx, workspaceId: string): Promise<ListedCampaign[]> {
  const { rows } = await db.execute<Row>(sql`
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
    select c.id, c.name, c.status, c.timezone, c.send_days, c.send_start_minute, c.send_end_minute,
      c.daily_cap, c.stop_on_reply, c.stop_on_company_reply, c.track_opens, c.track_clicks,
      c.plain_text_only,
      -- epoch milliseconds: the driver hands timestamps over as text
      floor(extract(epoch from c.created_at) * 1000)::float8 as created_ms,
      floor(extract(epoch from c.launched_at) * 1000)::float8 as launched_ms, b.ids as mailbox_ids, s.n as step_count,
      t.leads, t.replied, t.sent
    from campaigns c
    left join steps s on s.campaign_id = c.id
    left join boxes b on b.campaign_id = c.id
    left join totals t on t.campaign_id = c.id
    where c.workspace_id = ${workspaceId}
    order by c.created_at desc, c.id`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    timezone: r.timezone,
    sendDays: r.send_days,
    sendStartMinute: r.send_start_minute,
    sendEndMinute: r.send_end_minute,
    dailyCap: r.daily_cap,
    stopOnReply: r.stop_on_reply,
    stopOnCompanyReply: r.stop_on_company_reply,
    trackOpens: r.track_opens,
    trackClicks: r.track_clicks,
    plainTextOnly: r.plain_text_only,
    createdAt: new Date(r.created_ms).toISOString(),
    launchedAt: r.launched_ms === null ? null : new Date(r.launched_ms).toISOString(),
    mailboxIds: r.mailbox_ids ?? [],
    leadCount: r.leads ?? 0,
    stepCount: r.step_count ?? 0,
    sent: r.sent ?? 0,
    replied: r.replied ?? 0,
  }));
}
