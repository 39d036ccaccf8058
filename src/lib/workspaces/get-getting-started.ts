import { sql } from "drizzle-orm";
import type { GettingStarted } from "@/lib/api/schemas";
import type { DbOrTx } from "@/lib/db/client";

/**
 * The workspace's first steps and which are done, read from what exists (nothing to tick by
 * hand, nothing that drifts): a connected mailbox, a domain whose DNS is verified (active), leads,
 * and a campaign that has been launched. Four counts, each capped at what the checklist needs to
 * know (a few rows of an index), so a large workspace pays nothing for it.
 */
export async function getGettingStarted(db: DbOrTx, workspaceId: string): Promise<GettingStarted> {
  const { rows } = await db.execute<{ mailbox: number; domain: number; leads: number; campaign: number }>(sql`
    select
      (select count(*)::int from (select 1 from mailboxes where workspace_id = ${workspaceId} limit 100) x) as mailbox,
      (select count(*)::int from (select 1 from domains where workspace_id = ${workspaceId} and status = 'active' limit 100) x) as domain,
      (select count(*)::int from (select 1 from leads where workspace_id = ${workspaceId} limit 100) x) as leads,
      (select count(*)::int from (select 1 from campaigns where workspace_id = ${workspaceId} and launched_at is not null limit 100) x) as campaign`);
  const counts = rows[0]!;
  const steps = (["mailbox", "domain", "leads", "campaign"] as const).map((key) => ({
    key,
    done: counts[key] > 0,
    count: counts[key],
  }));
  return { steps, complete: steps.every((s) => s.done) };
}
