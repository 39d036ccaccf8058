import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { logger } from "@/lib/logger";

/** One email the tick queues: its `sent_emails` row as inserted. */
export type ClaimRow = {
  id: string;
  workspaceId: string;
  campaignId: string;
  campaignLeadId: string;
  leadId: string;
  stepId: string;
  variantId: string;
  mailboxId: string;
  messageId: string;
  inReplyTo: string | null;
  references: string | null;
  fromEmail: string;
  toEmail: string;
};

/**
 * Write a tick's decisions in a few set-based statements (inside the tick's transaction): the
 * `sent_emails` rows (queued), their campaign leads to `sending` on their mailbox, leads whose next
 * step no longer exists to `completed`, and each mailbox's next send time. Returns the ids of the
 * rows inserted: a row for the same campaign lead and step already there (which would mean it was
 * sent before) is skipped and its lead left as it was, never sent twice.
 */
export async function writeClaims(
  db: DbOrTx,
  x: { now: Date; rows: ClaimRow[]; complete: string[]; nextSendAt: Map<string, number> },
): Promise<Set<string>> {
  const now = x.now.toISOString();
  const col = <K extends keyof ClaimRow>(k: K) => sql.param(x.rows.map((r) => r[k]));
  const inserted = new Set<string>();
  if (x.rows.length) {
    const result = await db.execute<{ id: string; campaign_lead_id: string; mailbox_id: string }>(sql`
      insert into sent_emails (id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id,
        variant_id, mailbox_id, status, message_id, in_reply_to, "references", from_email, to_email, created_at)
      select v.id, v.workspace_id, v.campaign_id, v.campaign_lead_id, v.lead_id, v.step_id, v.variant_id,
        v.mailbox_id, 'queued', v.message_id, v.in_reply_to, v.refs, v.from_email, v.to_email, ${now}::timestamptz
      from unnest(${col("id")}::text[], ${col("workspaceId")}::text[], ${col("campaignId")}::text[],
        ${col("campaignLeadId")}::text[], ${col("leadId")}::text[], ${col("stepId")}::text[],
        ${col("variantId")}::text[], ${col("mailboxId")}::text[], ${col("messageId")}::text[],
        ${col("inReplyTo")}::text[], ${col("references")}::text[], ${col("fromEmail")}::text[],
        ${col("toEmail")}::text[])
        as v(id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id, variant_id, mailbox_id,
          message_id, in_reply_to, refs, from_email, to_email)
      on conflict (campaign_lead_id, step_id) do nothing
      returning id, campaign_lead_id, mailbox_id`);
    for (const r of result.rows) inserted.add(r.id);
    if (result.rows.length < x.rows.length) {
      const skipped = x.rows.filter((r) => !inserted.has(r.id)).map((r) => r.campaignLeadId);
      logger.warn({ campaignLeadIds: skipped }, "not queued: the step already has an email");
    }
    await db.execute(sql`
      update campaign_leads cl
      set status = 'sending', mailbox_id = coalesce(cl.mailbox_id, v.mailbox_id), updated_at = ${now}::timestamptz
      from unnest(${sql.param(result.rows.map((r) => r.campaign_lead_id))}::text[],
        ${sql.param(result.rows.map((r) => r.mailbox_id))}::text[]) as v(id, mailbox_id)
      -- the id list again, so the rows are found by primary key rather than by hashing the table
      where cl.id = v.id and cl.id = any(${sql.param(result.rows.map((r) => r.campaign_lead_id))}::text[])`);
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
      where m.id = v.id`);
  }
  return inserted;
}
