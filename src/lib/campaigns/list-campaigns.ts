import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { type CampaignListCursor, encodeCampaignListCursor } from "./campaign-list-cursor";

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, as Date#toISOString() writes a UTC time. */
const ISO = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

// One page of campaigns, newest first, then each one's figures: only the page's campaigns are
// aggregated (index lookups), the totals from the running counters the triggers keep
// (campaignCounterDeltas: a row or two a campaign) instead of counting leads and emails.
// PostgreSQL writes the page's JSON itself (keys in the schema's order, times as toISOString()
// writes them: milliseconds, truncated), so the driver reads one value, not a row of fields per
// campaign. One more row than the page is read to tell whether another page follows; the cursor is
// the page's last creation time as UTC `timestamp` text, and its id.
const SELECT = `
  with page as (
    select c.*, row_number() over (order by c.created_at desc, c.id desc) as n
    from campaigns c where c.workspace_id = $1 %AFTER% order by c.created_at desc, c.id desc limit $2::int + 1
  )
  select coalesce(json_agg(json_build_object(
      'id', c.id, 'name', c.name, 'status', c.status, 'timezone', c.timezone, 'sendDays', c.send_days,
      'sendStartMinute', c.send_start_minute, 'sendEndMinute', c.send_end_minute, 'dailyCap', c.daily_cap,
      'stopOnReply', c.stop_on_reply, 'stopOnCompanyReply', c.stop_on_company_reply,
      'trackOpens', c.track_opens, 'trackClicks', c.track_clicks, 'plainTextOnly', c.plain_text_only,
      'createdAt', to_char(c.created_at at time zone 'UTC', '${ISO}'),
      'launchedAt', to_char(c.launched_at at time zone 'UTC', '${ISO}'),
      'mailboxIds', (select coalesce(json_agg(m.mailbox_id), '[]') from campaign_mailboxes m where m.campaign_id = c.id),
      'leadCount', t.leads,
      'stepCount', (select count(*) from campaign_steps s where s.campaign_id = c.id),
      'sent', t.sent, 'replied', t.replied
    ) order by c.n) filter (where c.n <= $2::int), '[]')::text,
    bool_or(c.n > $2::int),
    (array_agg((c.created_at at time zone 'UTC')::text order by c.n) filter (where c.n <= $2::int))[$2::int],
    (array_agg(c.id order by c.n) filter (where c.n <= $2::int))[$2::int]
  from page c
  left join lateral (
    select coalesce(sum(d.leads), 0) as leads, coalesce(sum(d.replied), 0) as replied, coalesce(sum(d.sent), 0) as sent
    from campaign_counter_deltas d where d.campaign_id = c.id and c.n <= $2::int
  ) t on true`;
// two statements rather than one with `$3 is null or …`: each keeps its index range in a generic plan
const FIRST_PAGE = SELECT.replace("%AFTER%", "");
const NEXT_PAGE = SELECT.replace(
  "%AFTER%",
  "and (c.created_at, c.id) < ($3::timestamp at time zone 'UTC', $4::text)",
);

/** Every value as the text PostgreSQL sent: the page is JSON text already. */
const asText = { getTypeParser: () => (value: string) => value };

/**
 * A page of the workspace's campaigns, newest first (ties by id), with step counts, mailboxes and
 * totals, as the API's JSON text (`CampaignList`): `next` continues after it. One named statement
 * (planned once per connection) returns the page as JSON text, so the response is built once,
 * without an object per campaign to build and serialise again, nor a field per column for the
 * driver to decode (at 50 concurrent requests the API's time goes to exactly that per-row work).
 */
export async function listCampaigns(
  db: Db,
  workspaceId: string,
  page: { limit: number; startingAfter?: CampaignListCursor },
): Promise<string> {
  const client = (db as Db & { $client: Pick<pg.Pool, "query"> }).$client; // drizzle's pool
  const after = page.startingAfter;
  const { rows } = await client.query<(string | null)[]>({
    name: after ? "list_campaigns_after" : "list_campaigns",
    text: after ? NEXT_PAGE : FIRST_PAGE,
    values: after ? [workspaceId, page.limit, after.createdAt, after.id] : [workspaceId, page.limit],
    rowMode: "array",
    types: asText,
  });
  const [data, more, lastCreatedAt, lastId] = rows[0]!;
  const next =
    more === "t" && lastCreatedAt && lastId
      ? encodeCampaignListCursor({ createdAt: lastCreatedAt, id: lastId })
      : null;
  return `{"data":${data},"next":${next === null ? "null" : `"${next}"`}}`;
}
