import { sql } from "drizzle-orm";
import { CreateCampaign } from "../../../src/lib/campaigns/api-schemas";
import { addCampaignLeads } from "../../../src/lib/campaigns/campaign-leads";
import { createCampaign } from "../../../src/lib/campaigns/create-campaign";
import { launchCampaign } from "../../../src/lib/campaigns/launch-campaign";
import { getDb } from "../../../src/lib/db/client";
import { type mailboxes, workspaces } from "../../../src/lib/db/schema";
import { campaignSend } from "../../../src/lib/queue/jobs";
import { makeLeads, makeMailbox } from "../../integration/fixtures/campaign-fixtures";

/**
 * An active one-step campaign, sending every day around the clock, from one mailbox on the SMTP
 * server at `smtpPort` to `n` leads: set up through the library functions the API uses.
 */
export async function netCampaign(opts: {
  smtpPort: number;
  leads: number;
  mailbox?: Partial<typeof mailboxes.$inferInsert>;
}) {
  const db = getDb();
  const workspaceId = crypto.randomUUID();
  await db.insert(workspaces).values({ id: workspaceId, name: "Network faults", slug: workspaceId });
  const mailbox = await makeMailbox(workspaceId, opts.smtpPort, opts.mailbox);
  const tag = workspaceId.slice(0, 8);
  const leads = await makeLeads(
    workspaceId,
    Array.from({ length: opts.leads }, (_, i) => ({
      email: `lead${i}-${tag}@client.test`,
      firstName: `L${i}`,
    })),
  );
  const created = await createCampaign(
    db,
    workspaceId,
    CreateCampaign.parse({
      name: "Faults",
      timezone: "UTC",
      sendDays: [0, 1, 2, 3, 4, 5, 6],
      sendStartMinute: 0,
      sendEndMinute: 1440,
      steps: [{ variants: [{ subject: "Hello {{firstName}}", bodyHtml: "<p>Hi {{firstName}}</p>" }] }],
      mailboxIds: [mailbox.id],
    }),
  );
  await addCampaignLeads(db, workspaceId, created.id, { leadIds: leads.map((l) => l.id) });
  await launchCampaign(db, workspaceId, created.id);
  return { workspaceId, mailbox, campaignId: created.id, leads };
}

export type SendJob = {
  id: string;
  state: string;
  retry_count: number;
  start_after: Date;
  singleton_key: string;
};

/** Every campaign.send job of these emails (pg-boss's own table), oldest first. */
export async function sendJobs(sentEmailIds: string[]): Promise<SendJob[]> {
  const { rows } = await getDb().execute<SendJob>(sql`
    select id, state::text as state, retry_count, start_after, singleton_key from pgboss.job
    where name = ${campaignSend.name} and singleton_key = any(${sql.param(sentEmailIds)}::text[])
    order by created_on`);
  return rows.map((r) => ({ ...r, start_after: new Date(r.start_after) }));
}

/** campaign.send jobs not finished yet (created, retry or active): none left means nothing else will run. */
export async function pendingSendJobs(): Promise<number> {
  const { rows } = await getDb().execute<{ n: number }>(sql`
    select count(*)::int as n from pgboss.job where name = ${campaignSend.name} and state < 'completed'`);
  return rows[0]!.n;
}

/**
 * Let the clock run on for a waiting send job: its start time becomes now. A test cannot wait the
 * real minutes of a backoff; it asserts the start time first, then moves it.
 */
export async function startWaitingJobsNow(sentEmailId: string): Promise<number> {
  const { rowCount } = await getDb().execute(sql`
    update pgboss.job set start_after = now()
    where name = ${campaignSend.name} and singleton_key = ${sentEmailId} and state in ('created', 'retry')`);
  return rowCount ?? 0;
}
