import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";

export type DueLead = {
  id: string;
  campaignId: string;
  leadId: string;
  nextStep: number;
  /** the mailbox that wrote to the lead before (its follow-ups stay with it), or null */
  mailboxId: string | null;
  threadMessageId: string | null;
  threadReferences: string | null;
  /** -Infinity when no time was ever set (a first step: as soon as the schedule allows) */
  dueAt: number;
  createdAt: number;
};

type Row = {
  id: string;
  campaign_id: string;
  lead_id: string;
  next_step: number;
  mailbox_id: string | null;
  thread_message_id: string | null;
  thread_references: string | null;
  next_send_at: Date | null;
  created_at: Date;
};

const DUE = sql.raw(`coalesce(cl.next_send_at, '-infinity'::timestamptz)`);
const COLUMNS = sql.raw(`cl.id, cl.campaign_id, cl.lead_id, cl.next_step, cl.mailbox_id,
  cl.thread_message_id, cl.thread_references, cl.next_send_at, cl.created_at`);

/**
 * Read the first due campaign leads, in claim order, from the scheduler's two partial indexes: up
 * to `n` follow-ups of each (campaign, mailbox) pair, and up to `n` new leads of each campaign.
 * Each pair and campaign is one index range read up to its limit, so the cost follows what is
 * claimed, not how many leads wait.
 *
 * No row locks: the caller holds the campaigns (and the mailboxes) locked, so no other tick reads
 * these ranges meanwhile, and it claims the leads it picks with an update that re-checks each
 * (writeClaims). Locking here would lock about twice what is queued (each mailbox's follow-ups and
 * its campaigns' new leads are read, one of them sent), a WAL record each.
 */
export async function claimDueLeads(
  db: DbOrTx,
  opts: {
    now: Date;
    bound: { campaignId: string; mailboxId: string; n: number }[];
    unbound: { campaignId: string; n: number }[];
  },
): Promise<DueLead[]> {
  const now = opts.now.toISOString();
  const param = <T>(xs: T[]) => sql.param(xs);
  const result = await db.execute<Row>(sql`
    select ${COLUMNS}
    from unnest(${param(opts.bound.map((p) => p.campaignId))}::text[],
                ${param(opts.bound.map((p) => p.mailboxId))}::text[],
                ${param(opts.bound.map((p) => p.n))}::int[]) as p(campaign_id, mailbox_id, n)
    cross join lateral (
      select ${COLUMNS} from campaign_leads cl
      where cl.mailbox_id = p.mailbox_id and cl.campaign_id = p.campaign_id
        and cl.status = 'queued' and cl.lead_active and cl.mailbox_id is not null
        and ${DUE} <= ${now}::timestamptz
      order by ${DUE}, cl.created_at
      limit p.n
    ) cl
    union all
    select ${COLUMNS}
    from unnest(${param(opts.unbound.map((p) => p.campaignId))}::text[],
                ${param(opts.unbound.map((p) => p.n))}::int[]) as u(campaign_id, n)
    cross join lateral (
      select ${COLUMNS} from campaign_leads cl
      where cl.campaign_id = u.campaign_id
        and cl.status = 'queued' and cl.lead_active and cl.mailbox_id is null
        and ${DUE} <= ${now}::timestamptz
      order by ${DUE}, cl.created_at
      limit u.n
    ) cl`);
  return result.rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    leadId: r.lead_id,
    nextStep: r.next_step,
    mailboxId: r.mailbox_id,
    threadMessageId: r.thread_message_id,
    threadReferences: r.thread_references,
    dueAt: r.next_send_at ? new Date(r.next_send_at).getTime() : Number.NEGATIVE_INFINITY,
    createdAt: new Date(r.created_at).getTime(),
  }));
}
