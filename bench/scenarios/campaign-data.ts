import { sql } from "drizzle-orm";
import { createPersonalWorkspace } from "@/lib/auth/personal-workspace";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

/**
 * A workspace that has been sending: `mailboxes` mailboxes, `leads` leads spread over `campaigns`
 * campaigns of `steps` steps, every step sent to every lead (`leads × steps` sent emails) from
 * the lead's mailbox over the last weeks, one in ten with a provider-rewritten Message-ID (as
 * Microsoft 365 does). Set-based SQL, so a million sent emails take seconds, not minutes.
 *
 * Ids are predictable for the scenarios: lead `l-{i}` (`lead{i}@client{i % 1000}.example`),
 * mailbox `mb-{m}` (`sender{m}@outreach.example`), sent email `se-{i}-{step}` with Message-ID
 * `<se-{i}-{step}.abc@outreach.example>` (provider id `<AM0PR{i}-{step}@prod.outlook.example>`
 * when i % 10 = 0), sent by mailbox `mb-{i % mailboxes}`.
 */
export async function makeCampaignData(
  db: Db,
  n: { mailboxes: number; leads: number; campaigns: number; steps: number },
) {
  const userId = crypto.randomUUID();
  await db.insert(users).values({ id: userId, name: "Bench", email: `bench-${userId}@example.test` });
  const ws = await createPersonalWorkspace(db, { userId, userName: "Bench", email: "bench@example.test" });
  const w = ws.id;
  await db.execute(sql`
    insert into mailboxes (id, workspace_id, email, from_name, daily_limit)
    select 'mb-' || m, ${w}, 'sender' || m || '@outreach.example', 'Sam Sender', 500
    from generate_series(0, ${n.mailboxes - 1}) m`);
  await db.execute(sql`
    insert into campaigns (id, workspace_id, name, status)
    select 'c-' || c, ${w}, 'Campaign ' || c, 'active' from generate_series(0, ${n.campaigns - 1}) c`);
  await db.execute(sql`
    insert into campaign_steps (id, workspace_id, campaign_id, position)
    select 'c-' || c || '-s' || p, ${w}, 'c-' || c, p
    from generate_series(0, ${n.campaigns - 1}) c, generate_series(1, ${n.steps}) p`);
  // Indexes are built once after the bulk load (as a restore does), not maintained row by row:
  // the same definitions, read back from the catalog, so the schema is exactly the migrated one.
  const { rows: indexes } = await db.execute<{ name: string; def: string }>(sql`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename in ('leads', 'campaign_leads', 'sent_emails')
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`);
  for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));
  await db.execute(sql`
    insert into leads (id, workspace_id, email, first_name)
    select 'l-' || i, ${w}, 'lead' || i || '@client' || (i % 1000) || '.example', 'Lead' || i
    from generate_series(0, ${n.leads - 1}) i`);
  await db.execute(sql`
    insert into campaign_leads (id, workspace_id, campaign_id, lead_id, status, next_step)
    select 'cl-' || i, ${w}, 'c-' || (i % ${n.campaigns}), 'l-' || i, 'queued', ${n.steps}
    from generate_series(0, ${n.leads - 1}) i`);
  await db.execute(sql`
    insert into sent_emails (id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id, mailbox_id,
      status, message_id, provider_message_id, from_email, to_email, subject, sent_at, created_at)
    select 'se-' || i || '-' || p, ${w}, 'c-' || (i % ${n.campaigns}), 'cl-' || i, 'l-' || i,
      'c-' || (i % ${n.campaigns}) || '-s' || p, 'mb-' || (i % ${n.mailboxes}), 'sent',
      '<se-' || i || '-' || p || '.abc@outreach.example>',
      case when i % 10 = 0 then '<AM0PR' || i || '-' || p || '@prod.outlook.example>' end,
      'sender' || (i % ${n.mailboxes}) || '@outreach.example', 'lead' || i || '@client' || (i % 1000) || '.example',
      'Quick question, Lead' || i, t, t
    from generate_series(0, ${n.leads - 1}) i, generate_series(1, ${n.steps}) p,
      lateral (select now() - ((${n.steps} - p) * 7 + (i % 7)) * interval '1 day' - (i % 1440) * interval '1 minute' as t) x`);
  await db.execute(sql`set maintenance_work_mem = '256MB'`);
  for (const i of indexes) await db.execute(sql.raw(i.def));
  await db.execute(sql`reset maintenance_work_mem`);
  await db.execute(sql`vacuum analyze`);
  return { workspaceId: w, userId };
}

/** Lead `i`'s address, as makeCampaignData writes it. */
export const leadEmail = (i: number) => `lead${i}@client${i % 1000}.example`;
