import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaigns, type LinkMethod, leads, sentEmails } from "@/lib/db/schema";
import { logger } from "@/lib/logger";

/** What linking needs of a message (parsed by the sync, or by the CLI from a file). */
export type LinkableMessage = {
  messageId: string | null;
  inReplyTo: string | null;
  /** References, in header order (oldest first) */
  references: string[];
  fromEmail: string | null;
  headers: Record<string, string>;
  /** for delivery status notifications: the attached original's identifiers */
  original?: { messageId: string | null; campaignId: string | null; leadId: string | null } | null;
};

export type ReplyLink = {
  campaignId: string;
  leadId: string;
  sentEmailId: string | null;
  method: LinkMethod;
};

type LinkContext = { workspaceId: string; mailboxId: string; now?: Date };
type SentHit = { id: string; campaignId: string; leadId: string };

const SENDER_WINDOW_DAYS = 90;

/** One message: see linkReplies. */
export async function linkReplyToCampaign(
  db: DbOrTx,
  ctx: LinkContext,
  msg: LinkableMessage,
): Promise<ReplyLink | null> {
  return (await linkReplies(db, ctx, [msg]))[0] ?? null;
}

/**
 * Which campaign email each message answers, in the order of DESIGN.md, first hit wins:
 *  1. In-Reply-To, then each References id (newest first), against our Message-IDs and the ones
 *     providers rewrote them to (Microsoft 365);
 *  2. a delivery status notification's attached original (its Message-ID, else its X- headers);
 *  3. X-Campaign-ID + X-Lead-ID on the message itself;
 *  4. the sender is a lead this mailbox emailed in the last 90 days (the latest send).
 * Real people's replies carry no X- headers, so nothing before step 3 depends on them. Every
 * decision is logged.
 *
 * A whole fetched chunk is linked at once: one query looks up every Message-ID the chunk quotes
 * (steps 1–2) and every sender (step 4), so a chunk of 100 messages costs one round trip, not
 * hundreds. Step 3 and the X- header half of step 2 only run for the rare message carrying our
 * headers (one more query each).
 */
export async function linkReplies(
  db: DbOrTx,
  ctx: LinkContext,
  msgs: readonly LinkableMessage[],
): Promise<(ReplyLink | null)[]> {
  const quoted = msgs.map(quotedIds);
  const { hits, senders } = await lookUp(
    db,
    ctx,
    [...new Set(quoted.flat().concat(msgs.flatMap((m) => m.original?.messageId ?? [])))],
    [...new Set(msgs.flatMap((m) => m.fromEmail?.toLowerCase() ?? []))],
  );
  const links: (ReplyLink | null)[] = [];
  for (const [i, msg] of msgs.entries()) links.push(await linkByIds(db, ctx, msg, quoted[i]!, hits));

  for (const [i, msg] of msgs.entries()) {
    if (links[i]) continue;
    const log = logFor(ctx, msg);
    const latest = msg.fromEmail ? senders.get(msg.fromEmail.toLowerCase()) : undefined;
    if (latest) {
      log.info(
        { method: "sender", sentEmailId: latest.id },
        "reply linked by its sender: a lead this mailbox emailed",
      );
      links[i] = {
        campaignId: latest.campaignId,
        leadId: latest.leadId,
        sentEmailId: latest.id,
        method: "sender",
      };
    } else {
      log.info({ from: msg.fromEmail }, "not linked: no matching message id, headers or recent lead");
    }
  }
  return links;
}

/** In-Reply-To, then References newest first: the order step 1 tries them. */
function quotedIds(msg: LinkableMessage): string[] {
  return [msg.inReplyTo, ...[...msg.references].reverse()].filter((v): v is string => Boolean(v));
}

/** Steps 1–3 for one message, with the chunk's Message-ID hits already fetched. */
async function linkByIds(
  db: DbOrTx,
  ctx: LinkContext,
  msg: LinkableMessage,
  ids: string[],
  hits: Map<string, SentHit>,
): Promise<ReplyLink | null> {
  const log = logFor(ctx, msg);
  for (const [i, id] of ids.entries()) {
    const hit = hits.get(id);
    if (hit) {
      const method: LinkMethod = i === 0 && msg.inReplyTo ? "in_reply_to" : "references";
      log.info({ method, matched: id, sentEmailId: hit.id }, "reply linked");
      return { campaignId: hit.campaignId, leadId: hit.leadId, sentEmailId: hit.id, method };
    }
  }
  if (ids.length) log.debug({ ids }, "no sent email has these message ids");

  if (msg.original) {
    const o = msg.original;
    const hit = o.messageId ? hits.get(o.messageId) : undefined;
    if (hit) {
      log.info(
        { method: "dsn", matched: o.messageId, sentEmailId: hit.id },
        "bounce linked by the original's Message-ID",
      );
      return { campaignId: hit.campaignId, leadId: hit.leadId, sentEmailId: hit.id, method: "dsn" };
    }
    const byHeaders = await byCampaignAndLead(db, ctx.workspaceId, o.campaignId, o.leadId);
    if (byHeaders) {
      log.info({ method: "dsn", campaignId: o.campaignId }, "bounce linked by the original's X- headers");
      return { ...byHeaders, method: "dsn" };
    }
    log.debug({ original: o }, "the DSN's original matches no sent email");
  }

  const own = await byCampaignAndLead(
    db,
    ctx.workspaceId,
    msg.headers["x-campaign-id"],
    msg.headers["x-lead-id"],
  );
  if (own) {
    log.info({ method: "x_headers" }, "reply linked by X-Campaign-ID and X-Lead-ID");
    return { ...own, method: "x_headers" };
  }
  return null;
}

// Each decision's line names the mailbox and message; a pino child per message (serialising its
// bindings) cost a sync more than the linking it logged.
const linkLog = logger.child({ component: "reply-linking" });
const logFor = (ctx: LinkContext, msg: LinkableMessage) => {
  const at = { mailboxId: ctx.mailboxId, messageId: msg.messageId };
  return {
    info: (fields: object, line: string) => linkLog.info({ ...at, ...fields }, line),
    debug: (fields: object, line: string) => linkLog.debug({ ...at, ...fields }, line),
  };
};

/**
 * Steps 1, 2 and 4 in one round trip. By id: our sent emails carrying any of these Message-IDs,
 * ours or the provider's (the unique message_id index and the provider_message_id index, a
 * BitmapOr). By sender: for each address, the latest email this mailbox sent (or saw bounce) in
 * the window to the workspace's lead with that address: the lead by its unique (workspace, email)
 * index, then that lead's sends by (lead, mailbox, sent_at) newest first, stopping at the first
 * that counts. Index probes only, however many emails the workspace or the mailbox sent. Senders
 * are looked up for every message, linked by id or not: it costs a probe each and saves a round
 * trip for the ones that need it.
 */
async function lookUp(db: DbOrTx, ctx: LinkContext, ids: string[], emails: string[]) {
  const hits = new Map<string, SentHit>();
  const senders = new Map<string, SentHit>();
  if (!ids.length && !emails.length) return { hits, senders };
  const since = new Date((ctx.now ?? new Date()).getTime() - SENDER_WINDOW_DAYS * 86_400_000);
  const byId = sql`
    select 'id' as via, s.message_id as key, s.provider_message_id as key2, s.id, s.campaign_id, s.lead_id
    from ${sentEmails} s
    where s.workspace_id = ${ctx.workspaceId}
      and (s.message_id = any(${sql.param(ids)}::text[]) or s.provider_message_id = any(${sql.param(ids)}::text[]))`;
  const bySender = sql`
    select 'sender' as via, l.email as key, null as key2, s.id, s.campaign_id, s.lead_id
    from ${leads} l
    cross join lateral (
      select s.id, s.campaign_id, s.lead_id from ${sentEmails} s
      where s.lead_id = l.id and s.mailbox_id = ${ctx.mailboxId} and s.workspace_id = ${ctx.workspaceId}
        and s.status in ('sent', 'bounced', 'unknown') and s.sent_at >= ${since.toISOString()}
      order by s.sent_at desc limit 1
    ) s
    where l.workspace_id = ${ctx.workspaceId} and l.email = any(${sql.param(emails)}::text[])`;
  const query = !ids.length ? bySender : !emails.length ? byId : sql`${byId} union all ${bySender}`;
  const { rows } = await db.execute<{
    via: "id" | "sender";
    key: string;
    key2: string | null;
    id: string;
    campaign_id: string;
    lead_id: string;
  }>(query);
  for (const r of rows) {
    const hit = { id: r.id, campaignId: r.campaign_id, leadId: r.lead_id };
    const into = r.via === "id" ? hits : senders;
    if (!into.has(r.key)) into.set(r.key, hit);
    if (r.key2 && !into.has(r.key2)) into.set(r.key2, hit);
  }
  return { hits, senders };
}

/** Both ids must name this workspace's campaign and lead; the latest email between them, if any. */
async function byCampaignAndLead(
  db: DbOrTx,
  workspaceId: string,
  campaignId: string | null | undefined,
  leadId: string | null | undefined,
) {
  if (!campaignId || !leadId) return null;
  const [row] = await db
    .select({
      campaignId: campaigns.id,
      leadId: leads.id,
      sentEmailId: sql<string | null>`(
        select ${sentEmails.id} from ${sentEmails}
        where ${sentEmails.leadId} = ${leads.id} and ${sentEmails.campaignId} = ${campaigns.id}
        order by ${sentEmails.createdAt} desc limit 1)`,
    })
    .from(campaigns)
    .innerJoin(leads, and(eq(leads.workspaceId, workspaceId), eq(leads.id, leadId)))
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  return row ?? null;
}
