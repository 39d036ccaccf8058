import type pg from "pg";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { CampaignList } from "./api-schemas";
import { type CampaignListCursor, encodeCampaignListCursor } from "./campaign-list-cursor";

type Page = z.output<typeof CampaignList>;
type ListedCampaign = Page["data"][number];

// One page of campaigns, newest first, then each one's figures: only the page's campaigns are
// aggregated (index lookups), the totals from the running counters the triggers keep
// (campaignCounterDeltas: a row or two a campaign) instead of counting leads and emails. Times
// come as UTC `timestamp` text, which is also the cursor; arrays as JSON text.
const SELECT = `
  select c.id, c.name, c.status, c.timezone, to_json(c.send_days)::text, c.send_start_minute,
    c.send_end_minute, c.daily_cap, c.stop_on_reply, c.stop_on_company_reply, c.track_opens,
    c.track_clicks, c.plain_text_only, c.created_at at time zone 'UTC', c.launched_at at time zone 'UTC',
    (select coalesce(json_agg(m.mailbox_id), '[]')::text from campaign_mailboxes m where m.campaign_id = c.id),
    (select count(*) from campaign_steps s where s.campaign_id = c.id),
    t.leads, t.replied, t.sent
  from (select * from campaigns c where c.workspace_id = $1 %AFTER% order by c.created_at desc, c.id desc limit $2) c
  left join lateral (
    select coalesce(sum(d.leads), 0) as leads, coalesce(sum(d.replied), 0) as replied, coalesce(sum(d.sent), 0) as sent
    from campaign_counter_deltas d where d.campaign_id = c.id
  ) t on true
  order by c.created_at desc, c.id desc`;
// two statements rather than one with `$3 is null or …`: each keeps its index range in a generic plan
const FIRST_PAGE = SELECT.replace("%AFTER%", "");
const NEXT_PAGE = SELECT.replace(
  "%AFTER%",
  "and (c.created_at, c.id) < ($3::timestamp at time zone 'UTC', $4::text)",
);

/** Every value as the text PostgreSQL sent: the driver's per-type parsers cost more than the mapping. */
const asText = { getTypeParser: () => (value: string) => value };

/**
 * A page of the workspace's campaigns, newest first (ties by id), with step counts, mailboxes and
 * totals, as the API shows them; `next` continues after it. Named statements (planned once per
 * connection) read as rows of text and mapped here: at a few hundred campaigns a request, the
 * ORM's per-column mapping, the driver's value parsers and numeric epoch arithmetic in PostgreSQL
 * each cost more than the query.
 */
export async function listCampaigns(
  db: Db,
  workspaceId: string,
  page: { limit: number; startingAfter?: CampaignListCursor },
): Promise<Page> {
  const client = (db as Db & { $client: Pick<pg.Pool, "query"> }).$client; // drizzle's pool
  const after = page.startingAfter;
  const { rows } = await client.query<string[]>({
    name: after ? "list_campaigns_after" : "list_campaigns",
    text: after ? NEXT_PAGE : FIRST_PAGE,
    values: after ? [workspaceId, page.limit + 1, after.createdAt, after.id] : [workspaceId, page.limit + 1],
    rowMode: "array",
    types: asText,
  });
  const more = rows.length > page.limit;
  if (more) rows.length = page.limit;
  const last = rows.at(-1);
  const cursor: CampaignListCursor | undefined =
    more && last ? { createdAt: last[13]!, id: last[0]! } : undefined;
  return { data: rows.map(toListed), next: cursor ? encodeCampaignListCursor(cursor) : null };
}

function toListed(r: string[]): ListedCampaign {
  return {
    id: r[0]!,
    name: r[1]!,
    status: r[2] as ListedCampaign["status"],
    timezone: r[3]!,
    sendDays: JSON.parse(r[4]!),
    sendStartMinute: Number(r[5]),
    sendEndMinute: Number(r[6]),
    dailyCap: r[7] === null ? null : Number(r[7]),
    stopOnReply: r[8] === "t",
    stopOnCompanyReply: r[9] === "t",
    trackOpens: r[10] === "t",
    trackClicks: r[11] === "t",
    plainTextOnly: r[12] === "t",
    createdAt: isoFromUtcText(r[13]!),
    launchedAt: r[14] === null ? null : isoFromUtcText(r[14]!),
    mailboxIds: JSON.parse(r[15]!),
    leadCount: Number(r[17]),
    stepCount: Number(r[16]),
    sent: Number(r[19]),
    replied: Number(r[18]),
  };
}

/**
 * `2026-11-29 06:31:04.294723` (UTC, as PostgreSQL prints a `timestamp`) as `toISOString()` would
 * write it: milliseconds, truncated. Anything else (a year past 9999) goes through Date.
 */
function isoFromUtcText(text: string): string {
  if (text.length < 19 || text.length > 26 || text[10] !== " ")
    return new Date(`${text.replace(" ", "T")}Z`).toISOString();
  const ms = text.length > 20 ? text.slice(20, 23).padEnd(3, "0") : "000";
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${ms}Z`;
}
