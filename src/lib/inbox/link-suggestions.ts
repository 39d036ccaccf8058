import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import type { LinkSuggestion } from "./api-schemas";
import { threadMessages } from "./thread-messages";

const MAX_SUGGESTIONS = 8;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const REPLY_PREFIX = /^\s*((re|fwd?|aw|wg|sv|vs|tr|rif|antw|r)\s*(\[\d+\])?\s*:\s*)+/i;

/**
 * Who an unlinked conversation most likely answers, from what the messages say, each with why:
 * - a lead whose address is written in it (a forward, a quote, "please write to …");
 * - an email we sent with the same subject (without "Re:"/"AW:"/…), to whomever it went;
 * - a lead at the sender's domain (a colleague answering for the lead).
 * Only leads this workspace emailed from a campaign, each with the campaign and email last sent
 * to it, strongest reason first.
 */
export async function suggestLinks(
  db: DbOrTx,
  workspaceId: string,
  messageId: string,
): Promise<LinkSuggestion[]> {
  const { all } = await threadMessages(db, workspaceId, messageId);
  const inbound = all.filter((m) => m.direction === "inbound");
  const sender = inbound.at(-1)?.fromEmail?.toLowerCase() ?? "";
  const domain = sender.split("@")[1] ?? "";
  const written = [
    ...new Set(
      inbound
        .flatMap((m) => `${m.textBody ?? ""}\n${m.subject ?? ""}`.match(EMAIL) ?? [])
        .map((e) => e.toLowerCase())
        .filter((e) => e !== sender),
    ),
  ].slice(0, 50);
  const subjects = [
    ...new Set(inbound.map((m) => (m.subject ?? "").replace(REPLY_PREFIX, "").trim()).filter(Boolean)),
  ];

  const { rows } = await db.execute<{
    reason: "named" | "subject" | "domain";
    lead_id: string;
    email: string;
    name: string | null;
    campaign_id: string;
    campaign_name: string;
    sent_email_id: string;
    sent_at: string;
  }>(sql`
    with hits as (
      select 'named' as reason, 1 as rank, e.lead_id, e.id as sent_email_id from sent_emails e
      where e.workspace_id = ${workspaceId} and e.status in ('sent', 'bounced', 'unknown')
        and lower(e.to_email) = any(${sql.param(written)}::text[])
      union all
      select 'subject', 2, e.lead_id, e.id from sent_emails e
      where e.workspace_id = ${workspaceId} and e.status in ('sent', 'bounced', 'unknown')
        and e.subject = any(${sql.param(subjects)}::text[])
        and e.sent_at > now() - interval '180 days'
      union all
      select 'domain', 3, e.lead_id, e.id from sent_emails e
      where e.workspace_id = ${workspaceId} and e.status in ('sent', 'bounced', 'unknown')
        and ${domain} <> '' and lower(split_part(e.to_email, '@', 2)) = ${domain}
        and e.sent_at > now() - interval '180 days'
    ),
    best as (
      select distinct on (h.lead_id) h.reason, h.rank, h.lead_id, e.id as sent_email_id, e.campaign_id, e.sent_at
      from hits h join sent_emails e on e.id = h.sent_email_id
      order by h.lead_id, h.rank, e.sent_at desc nulls last
    )
    select b.reason, b.lead_id, l.email,
      nullif(trim(concat_ws(' ', l.first_name, l.last_name)), '') as name,
      b.campaign_id, c.name as campaign_name, b.sent_email_id, b.sent_at
    from best b join leads l on l.id = b.lead_id join campaigns c on c.id = b.campaign_id
    order by b.rank, b.sent_at desc nulls last
    limit ${MAX_SUGGESTIONS}`);
  const why = {
    named: (r: (typeof rows)[number]) => `${r.email} is written in the message`,
    subject: (r: (typeof rows)[number]) => `same subject as the email sent to ${r.email}`,
    domain: (r: (typeof rows)[number]) => `${r.email} is at the sender's domain, ${domain}`,
  };
  return rows.map((r) => ({
    leadId: r.lead_id,
    email: r.email,
    name: r.name,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    sentEmailId: r.sent_email_id,
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
    reason: r.reason,
    explanation: why[r.reason](r),
  }));
}
