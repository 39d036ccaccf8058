import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { type CampaignListCursor, encodeCampaignListCursor } from "./campaign-list-cursor";

// One page of campaigns, newest first, then each one's figures: only the page's campaigns are
// aggregated (index lookups), the totals from the running counters the triggers keep
// (campaignCounterDeltas: a row or two a campaign) instead of counting leads and emails. Times
// come as UTC `timestamp` text, which is also the cursor; arrays and numbers as JSON text.
const SELECT = `
  select c.id, c.name, c.status, c.timezone, to_json(c.send_days)::text, c.send_start_minute,
    c.send_end_minute, c.daily_cap, c.stop_on_reply, c.stop_on_company_reply, c.track_opens,
    c.track_clicks, c.plain_text_only, c.created_at at time zone 'UTC', c.launched_at at time zone 'UTC',
    (select coalesce(array_to_json(array_agg(m.mailbox_id)), '[]')::text from campaign_mailboxes m
     where m.campaign_id = c.id),
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
 * totals, as the API's JSON text (`CampaignList`): `next` continues after it. Named statements
 * (planned once per connection) read as rows of text, and each row written straight into JSON:
 * numbers, booleans and arrays arrive from PostgreSQL already in JSON's spelling, so the response
 * is built once, without an object per campaign to build and serialise again (at 50 concurrent
 * requests the API's time goes to exactly that per-row work).
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
    values: after ? [workspaceId, page.limit + 1, after.createdAt, after.id] : [workspaceId, page.limit + 1],
    rowMode: "array",
    types: asText,
  });
  const more = rows.length > page.limit;
  if (more) rows.length = page.limit;
  let json = '{"data":[';
  for (let i = 0; i < rows.length; i++) json += (i ? "," : "") + campaignJson(rows[i]!);
  const last = rows.at(-1);
  const next = more && last ? encodeCampaignListCursor({ createdAt: last[13]!, id: last[0]! }) : null;
  return `${json}],"next":${next === null ? "null" : `"${next}"`}}`;
}

const str = JSON.stringify;
const bool = (v: string | null | undefined) => (v === "t" ? "true" : "false");

/** One row as the API's campaign summary, keys in the schema's order. */
function campaignJson(r: (string | null)[]): string {
  return (
    `{"id":${str(r[0])},"name":${str(r[1])},"status":${str(r[2])},"timezone":${str(r[3])},` +
    `"sendDays":${r[4]},"sendStartMinute":${r[5]},"sendEndMinute":${r[6]},"dailyCap":${r[7] ?? "null"},` +
    `"stopOnReply":${bool(r[8])},"stopOnCompanyReply":${bool(r[9])},"trackOpens":${bool(r[10])},` +
    `"trackClicks":${bool(r[11])},"plainTextOnly":${bool(r[12])},"createdAt":"${isoFromUtcText(r[13]!)}",` +
    `"launchedAt":${r[14] === null ? "null" : `"${isoFromUtcText(r[14]!)}"`},"mailboxIds":${r[15]},` +
    `"leadCount":${r[17]},"stepCount":${r[16]},"sent":${r[19]},"replied":${r[18]}}`
  );
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
