import { sql } from "drizzle-orm";
import { CreateCampaign } from "../../../src/lib/campaigns/api-schemas";
import { addCampaignLeads } from "../../../src/lib/campaigns/campaign-leads";
import { createCampaign } from "../../../src/lib/campaigns/create-campaign";
import { launchCampaign } from "../../../src/lib/campaigns/launch-campaign";
import { getDb } from "../../../src/lib/db/client";
import { type mailboxes, workspaces } from "../../../src/lib/db/schema";
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

/**
 * Emails waiting in the send queue (queued rows: each is its own send job), of every campaign:
 * none left means nothing else will be sent.
 */
export async function queuedEmails(): Promise<number> {
  const { rows } = await getDb().execute<{ n: number }>(sql`
    select count(*)::int as n from sent_emails where status = 'queued'`);
  return rows[0]!.n;
}

/**
 * Let the clock run on for a queued email waiting for its retry: it is due now. A test cannot wait
 * the real minutes of a backoff; it asserts the due time first, then moves it.
 */
export async function dueNow(sentEmailId: string): Promise<number> {
  const { rowCount } = await getDb().execute(sql`
    update sent_emails set send_at = now() where id = ${sentEmailId} and status = 'queued'`);
  return rowCount ?? 0;
}
