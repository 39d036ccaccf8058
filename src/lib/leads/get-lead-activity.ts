import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { LeadActivity, LeadActivityItem } from "./api-schemas";

/** The most timeline entries one answer carries (newest first). */
export const MAX_ACTIVITY_ITEMS = 200;

/**
 * Everything that happened to one lead, for its page and the API: each campaign it is in (where it
 * stands, its next step and when, why it stopped), whether it is suppressed and why, and a timeline,
 * newest first, of the emails sent to it (and bounced, failed or of unknown fate), their opens and
 * clicks, the messages it sent back (replies with their intent, auto-replies, bounces, complaints,
 * unsubscribe requests) and your answers from the inbox. Another workspace's lead is "not found".
 *
 * A message is placed when it arrived (its Date header has whole seconds and the sender's clock);
 * your own answers when they were sent. Each source is read by an index on the lead (campaign_leads, sent_emails, inbox_messages) or on
 * its emails (email_events), at most MAX_ACTIVITY_ITEMS rows each.
 */
export async function getLeadActivity(
  db: DbOrTx,
  workspaceId: string,
  leadId: string,
): Promise<LeadActivity> {
  const [lead] = (
    await db.execute<{ email: string; created_at: string }>(sql`
      select email, created_at from leads where workspace_id = ${workspaceId} and id = ${leadId}`)
  ).rows;
  if (!lead) throw notFound("lead");

  const campaigns = (
    await db.execute<{
      campaign_id: string;
      name: string;
      campaign_status: string;
      status: string;
      next_step: number;
      steps: number;
      next_send_at: string | null;
      out_of_office_until: string | null;
      stopped_reason: string | null;
      created_at: string;
      last_sent_at: string | null;
    }>(sql`
      select cl.campaign_id, c.name, c.status as campaign_status, cl.status, cl.next_step,
        (select count(*)::int from campaign_steps s where s.campaign_id = cl.campaign_id) as steps,
        cl.next_send_at, cl.out_of_office_until, cl.stopped_reason, cl.created_at, cl.last_sent_at
      from campaign_leads cl join campaigns c on c.id = cl.campaign_id
      where cl.lead_id = ${leadId} and cl.workspace_id = ${workspaceId}
      order by cl.created_at desc
      limit ${MAX_ACTIVITY_ITEMS}`)
  ).rows;

  const [suppression] = (
    await db.execute<{ reason: string; source: string | null; created_at: string; kind: string }>(sql`
      select reason, source, created_at, kind from suppressions
      where workspace_id = ${workspaceId}
        and ((kind = 'email' and value = ${lead.email})
          or (kind = 'domain' and value = ${lead.email.split("@")[1] ?? ""}))
      order by kind = 'email' desc, created_at
      limit 1`)
  ).rows;

  const emails = (
    await db.execute<{
      id: string;
      campaign_id: string;
      name: string;
      position: number;
      status: string;
      subject: string | null;
      from_email: string | null;
      error: string | null;
      at: string;
    }>(sql`
      select e.id, e.campaign_id, c.name, s.position, e.status, e.subject, e.from_email, e.error,
        coalesce(e.sent_at, e.created_at) as at
      from sent_emails e
      join campaigns c on c.id = e.campaign_id
      join campaign_steps s on s.id = e.step_id
      where e.lead_id = ${leadId} and e.workspace_id = ${workspaceId}
      order by coalesce(e.sent_at, e.created_at) desc
      limit ${MAX_ACTIVITY_ITEMS}`)
  ).rows;

  const engagement = emails.length
    ? (
        await db.execute<{
          id: string;
          sent_email_id: string;
          type: string;
          url: string | null;
          at: string;
        }>(sql`
          select ev.id, ev.sent_email_id, ev.type, ev.url, ev.created_at as at from email_events ev
          where ev.sent_email_id = any(${sql.param(emails.map((e) => e.id))}::text[])
            and ev.type in ('open', 'click')
          order by ev.created_at desc
          limit ${MAX_ACTIVITY_ITEMS}`)
      ).rows
    : [];

  const messages = (
    await db.execute<{
      id: string;
      thread_key: string | null;
      folder: string;
      category: string;
      intent: string | null;
      subject: string | null;
      snippet: string | null;
      campaign_id: string | null;
      name: string | null;
      bounce_reason: string | null;
      bounce_type: string | null;
      at: string;
    }>(sql`
      select m.id, m.thread_key, m.folder, m.category, m.intent, m.subject, m.snippet, m.campaign_id,
        c.name, m.bounce_reason, m.bounce_type,
        case when m.folder = 'sent' then coalesce(m.sent_at, m.received_at) else m.received_at end as at
      from inbox_messages m left join campaigns c on c.id = m.campaign_id
      where m.lead_id = ${leadId} and m.workspace_id = ${workspaceId}
      order by m.received_at desc
      limit ${MAX_ACTIVITY_ITEMS}`)
  ).rows;

  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  const emailById = new Map(emails.map((e) => [e.id, e]));
  const items: LeadActivityItem[] = [];
  for (const c of campaigns)
    items.push({
      id: `added:${c.campaign_id}`,
      at: iso(c.created_at)!,
      type: "added_to_campaign",
      campaignId: c.campaign_id,
      campaignName: c.name,
      step: null,
      subject: null,
      detail: null,
      messageId: null,
      threadKey: null,
    });
  for (const e of emails) {
    const type = (
      {
        sent: "email_sent",
        bounced: "email_bounced",
        failed: "email_failed",
        unknown: "email_unknown",
        queued: "email_queued",
        sending: "email_queued",
      } as const
    )[e.status as "sent"];
    items.push({
      id: e.id,
      at: iso(e.at)!,
      type,
      campaignId: e.campaign_id,
      campaignName: e.name,
      step: e.position,
      subject: e.subject,
      detail:
        e.status === "sent"
          ? e.from_email && `from ${e.from_email}`
          : e.status === "unknown"
            ? "the server's answer was lost: it may have arrived, and is never sent again"
            : e.error,
      messageId: null,
      threadKey: null,
    });
  }
  for (const ev of engagement) {
    const e = emailById.get(ev.sent_email_id);
    items.push({
      id: ev.id,
      at: iso(ev.at)!,
      type: ev.type === "open" ? "opened" : "clicked",
      campaignId: e?.campaign_id ?? null,
      campaignName: e?.name ?? null,
      step: e?.position ?? null,
      subject: e?.subject ?? null,
      detail: ev.type === "click" ? ev.url : null,
      messageId: null,
      threadKey: null,
    });
  }
  for (const m of messages) {
    const outgoing = m.folder === "sent";
    items.push({
      id: m.id,
      at: iso(m.at)!,
      type: outgoing ? "you_replied" : messageType(m.category),
      campaignId: m.campaign_id,
      campaignName: m.name,
      step: null,
      subject: m.subject,
      detail:
        m.category === "bounce"
          ? [m.bounce_type, m.bounce_reason?.replaceAll("_", " ")].filter(Boolean).join(": ") || null
          : m.category === "reply" && m.intent && !outgoing
            ? `intent: ${m.intent.replaceAll("_", " ")}`
            : m.snippet,
      messageId: m.id,
      threadKey: m.thread_key,
    });
  }
  if (suppression)
    items.push({
      id: "suppressed",
      at: iso(suppression.created_at)!,
      type: "suppressed",
      campaignId: null,
      campaignName: null,
      step: null,
      subject: null,
      detail: `${suppression.reason}${suppression.source ? ` (${suppression.source})` : ""}`,
      messageId: null,
      threadKey: null,
    });
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return {
    leadId,
    email: lead.email,
    addedAt: iso(lead.created_at)!,
    suppressed: suppression
      ? {
          reason: suppression.reason as NonNullable<LeadActivity["suppressed"]>["reason"],
          kind: suppression.kind as "email" | "domain",
          source: suppression.source,
          at: iso(suppression.created_at)!,
        }
      : null,
    campaigns: campaigns.map((c) => ({
      campaignId: c.campaign_id,
      campaignName: c.name,
      campaignStatus: c.campaign_status,
      status: c.status as LeadActivity["campaigns"][number]["status"],
      nextStep: c.next_step,
      stepCount: c.steps,
      nextSendAt: c.status === "queued" ? iso(c.next_send_at) : null,
      outOfOfficeUntil: iso(c.out_of_office_until),
      stoppedReason: c.stopped_reason,
      addedAt: iso(c.created_at)!,
      lastSentAt: iso(c.last_sent_at),
    })),
    timeline: items.slice(0, MAX_ACTIVITY_ITEMS),
  };
}

function messageType(category: string): LeadActivityItem["type"] {
  switch (category) {
    case "reply":
      return "replied";
    case "auto_reply":
      return "auto_replied";
    case "bounce":
      return "bounce_notice";
    case "complaint":
      return "complained";
    case "unsubscribe_request":
      return "asked_to_unsubscribe";
    default:
      return "other_message";
  }
}
