import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/**
 * Fold each campaign's counter deltas (one row per statement that changed its totals, see
 * campaignCounterDeltas) into one row, so the campaign list sums a row or two a campaign however
 * much was sent. Rows appended meanwhile are not in this statement's snapshot and stay for the
 * next fold; one fold at a time (a transaction-scoped advisory lock), the others skip.
 */
export async function foldCampaignCounters(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ ok: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtextextended('campaign_counter_deltas:fold', 0)) as ok`,
    );
    if (!rows[0]?.ok) return 0;
    const folded = await tx.execute(sql`
      with many as (
        select campaign_id from campaign_counter_deltas group by campaign_id having count(*) > 1
      ), gone as (
        delete from campaign_counter_deltas d using many m where d.campaign_id = m.campaign_id
        returning d.campaign_id, d.leads, d.replied, d.sent
      )
      insert into campaign_counter_deltas (campaign_id, leads, replied, sent)
      select campaign_id, sum(leads), sum(replied), sum(sent) from gone group by campaign_id`);
    return folded.rowCount ?? 0;
  });
}
