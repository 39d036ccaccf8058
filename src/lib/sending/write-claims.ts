import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { logger } from "@/lib/logger";

/**
 * One email the tick queues: what its `sent_emails` row takes from the plan. The workspace, the
 * campaign, the lead and the recipient come from the campaign lead itself, in the statement.
 */
export type ClaimRow = {
  id: string;
  campaignLeadId: string;
  stepId: string;
  variantId: string;
  mailboxId: string;
  messageId: string;
  inReplyTo: string | null;
  references: string | null;
  fromEmail: string;
  /** when it is planned, on the tick's clock (epoch ms): its row is due that long after the tick */
  sendAt: number;
};

/**
 * Write a tick's decisions (inside the tick's transaction): in one statement, each campaign lead to
 * `sending` on its mailbox and its `sent_emails` row (queued, due at its planned time: the row is
 * the send loop's job, committed with the claim, so no email can be queued without one); then
 * leads whose next step no longer exists to `completed`, and each mailbox's next send time.
 * Returns the ids of the rows inserted.
 *
 * A campaign lead is claimed only while it is still `queued`, its lead active, and its step has
 * no email yet: the update re-reads the row (waiting for a transaction that holds it, such as a
 * reply stopping the lead) and skips any that changed since the claim read it, and its row is
 * then left as it was and nothing is queued for it, so a step is never sent twice and a stopped
 * lead is never written to. No other tick can claim the same lead meanwhile (its campaign, or its
 * campaign and mailbox, are locked by this one), which is why the insert needs no ON CONFLICT:
 * the unique (campaign lead, step) index stays as the guard, and a violation would roll the whole
 * tick back rather than leave a lead `sending` with no email.
 */
export async function writeClaims(
  db: DbOrTx,
  x: { now: Date; rows: ClaimRow[]; complete: string[]; nextSendAt: Map<string, number> },
): Promise<Set<string>> {
  const now = x.now.toISOString();
  const rows = await withLiveVariants(db, x.rows);
  const col = <K extends keyof ClaimRow>(k: K) => sql.param(rows.map((r) => r[k]));
  // due on the database's clock, which the send loop compares with: this far after the tick's now
  const delayMs = sql.param(rows.map((r) => Math.max(0, r.sendAt - x.now.getTime())));
  const inserted = new Set<string>();
  if (rows.length) {
    const result = await db.execute<{ id: string }>(sql`
      with v as (
        select * from unnest(${col("id")}::text[], ${col("campaignLeadId")}::text[], ${col("stepId")}::text[],
          ${col("variantId")}::text[], ${col("mailboxId")}::text[], ${col("messageId")}::text[],
          ${col("inReplyTo")}::text[], ${col("references")}::text[], ${col("fromEmail")}::text[],
          ${delayMs}::float8[])
          as v(id, campaign_lead_id, step_id, variant_id, mailbox_id, message_id, in_reply_to, refs, from_email, delay_ms)
      ), claimed as (
        update campaign_leads cl
        set status = 'sending', mailbox_id = coalesce(cl.mailbox_id, v.mailbox_id), updated_at = ${now}::timestamptz
        from v
        -- the id list again, so the rows are found by primary key rather than by hashing the table
        where cl.id = v.campaign_lead_id and cl.id = any(${col("campaignLeadId")}::text[])
          and cl.status = 'queued' and cl.lead_active
          and not exists (select 1 from sent_emails s where s.campaign_lead_id = cl.id and s.step_id = v.step_id)
        returning cl.id, cl.workspace_id, cl.campaign_id, cl.lead_id
      )
      insert into sent_emails (id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id,
        variant_id, mailbox_id, status, message_id, in_reply_to, "references", from_email, to_email, created_at,
        send_at)
      select v.id, c.workspace_id, c.campaign_id, c.id, c.lead_id, v.step_id, v.variant_id, v.mailbox_id,
        'queued', v.message_id, v.in_reply_to, v.refs, v.from_email,
        (select l.email from leads l where l.id = c.lead_id), ${now}::timestamptz,
        now() + v.delay_ms * interval '1 millisecond'
      from claimed c join v on v.campaign_lead_id = c.id
      returning id`);
    for (const r of result.rows) inserted.add(r.id);
    if (result.rows.length < rows.length) {
      const skipped = rows.filter((r) => !inserted.has(r.id)).map((r) => r.campaignLeadId);
      logger.warn(
        { campaignLeadIds: skipped },
        "not queued: the lead changed since it was claimed, or the step already has an email",
      );
    }
  }
  if (x.complete.length) {
    await db.execute(sql`
      update campaign_leads set status = 'completed', updated_at = ${now}::timestamptz
      where id = any(${sql.param(x.complete)}::text[]) and status = 'queued'`);
  }
  if (x.nextSendAt.size) {
    const ids = [...x.nextSendAt.keys()];
    const at = ids.map((id) => new Date(x.nextSendAt.get(id)!).toISOString());
    await db.execute(sql`
      update mailboxes m set next_send_at = v.at
      from unnest(${sql.param(ids)}::text[], ${sql.param(at)}::timestamptz[]) as v(id, at)
      where m.id = v.id and m.id = any(${sql.param(ids)}::text[])`);
  }
  return inserted;
}

/**
 * The rows whose step variant (and its step) still exist, each variant and step locked KEY SHARE
 * once for the whole tick: `sent_emails` carries no foreign key to them (migration 0020), so this
 * lock is what keeps one from being deleted before the tick commits (a delete waits for it, then
 * its trigger finds the new emails). The mailboxes need none here: the tick holds them locked.
 * A variant deleted since the tick read it leaves its leads queued for the next tick.
 */
async function withLiveVariants<R extends ClaimRow>(db: DbOrTx, rows: R[]): Promise<R[]> {
  if (!rows.length) return rows;
  const ids = [...new Set(rows.map((r) => r.variantId))];
  const live = await db.execute<{ id: string; step_id: string }>(sql`
    select v.id, v.step_id from step_variants v join campaign_steps s on s.id = v.step_id
    where v.id = any(${sql.param(ids)}::text[])
    for key share of v, s`);
  if (live.rows.length === ids.length) return rows;
  const stepOf = new Map(live.rows.map((v) => [v.id, v.step_id]));
  const isLive = (r: R) => stepOf.get(r.variantId) === r.stepId;
  const kept = rows.filter(isLive);
  logger.warn(
    { campaignLeadIds: rows.filter((r) => !isLive(r)).map((r) => r.campaignLeadId) },
    "not queued: the step or variant was deleted since the tick read it",
  );
  return kept;
}
