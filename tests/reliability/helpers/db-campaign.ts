import { sql } from "drizzle-orm";
import { addCampaignLeads } from "../../../src/lib/campaigns/campaign-leads";
import { encryptSecret } from "../../../src/lib/crypto";
import type { Db } from "../../../src/lib/db/client";
import {
  campaignMailboxes,
  campaignSteps,
  campaigns,
  mailboxes,
  stepVariants,
  workspaces,
} from "../../../src/lib/db/schema";

/**
 * An active campaign of `steps` steps (no delay between them) over `mailboxes` mailboxes pointed
 * at an SMTP server on loopback (no gaps, no daily limit in the way), with `leads` leads added
 * through the library: what the scheduler tick then queues, as it does for a user's campaign.
 * Leads are inserted set-based so tens of thousands take a second.
 */
export async function makeSendingCampaign(
  db: Db,
  opts: { smtpPort: number; leads: number; mailboxes?: number; steps?: number },
) {
  const ws = crypto.randomUUID();
  await db.insert(workspaces).values({ id: ws, name: "Reliability", slug: ws });
  const boxes = Array.from({ length: opts.mailboxes ?? 1 }, (_, i) => ({
    id: crypto.randomUUID(),
    workspaceId: ws,
    email: `sender${i}-${ws.slice(0, 6)}@outreach.test`,
    fromName: "Sam Sender",
    smtpHost: "127.0.0.1",
    smtpPort: opts.smtpPort,
    smtpSecurity: "none" as const,
    smtpUser: "sam",
    smtpPasswordEnc: encryptSecret("app-password"),
    dailyLimit: 1_000_000,
    minGapMinutes: 0,
    maxGapMinutes: 0,
  }));
  await db.insert(mailboxes).values(boxes);
  const campaignId = crypto.randomUUID();
  await db.insert(campaigns).values({
    id: campaignId,
    workspaceId: ws,
    name: "Reliability",
    status: "active",
    timezone: "UTC",
    sendDays: [0, 1, 2, 3, 4, 5, 6],
    sendStartMinute: 0,
    sendEndMinute: 1440,
    trackOpens: false,
    trackClicks: false,
  });
  await db
    .insert(campaignMailboxes)
    .values(boxes.map((m) => ({ campaignId, mailboxId: m.id, workspaceId: ws })));
  const steps: { stepId: string; variantId: string }[] = [];
  for (let position = 1; position <= (opts.steps ?? 1); position++) {
    const stepId = crypto.randomUUID();
    const variantId = crypto.randomUUID();
    steps.push({ stepId, variantId });
    await db
      .insert(campaignSteps)
      .values({ id: stepId, workspaceId: ws, campaignId, position, delayMinutes: 0 });
    await db.insert(stepVariants).values({
      id: variantId,
      workspaceId: ws,
      stepId,
      label: "A",
      subject: `Step ${position} for {{firstName}}`,
      bodyText: `Hello {{firstName}}, step ${position}.`,
    });
  }
  const { rows } = await db.execute<{ id: string }>(sql`
    insert into leads (id, workspace_id, email, first_name)
    select gen_random_uuid()::text, ${ws}, 'lead' || g || '-' || ${ws.slice(0, 8)} || '@client.test', 'L' || g
    from generate_series(1, ${opts.leads}::int) g
    returning id`);
  await addCampaignLeads(db, ws, campaignId, { leadIds: rows.map((r) => r.id) });
  return {
    workspaceId: ws,
    campaignId,
    mailboxIds: boxes.map((m) => m.id),
    mailboxEmails: boxes.map((m) => m.email),
    steps,
    leadIds: rows.map((r) => r.id),
  };
}

/**
 * `n` more leads of the campaign with their first step queued as the scheduler leaves it (lead
 * `sending`, row `queued`, spread over the mailboxes), set-based: what a tick of `n` emails
 * writes, at a scale a tick would need many minutes for. The rows are not due yet (no `send_at`):
 * a send loop takes them once a test makes them due (makeDue). Returns the rows' ids.
 */
export async function queueFirstSteps(
  db: Db,
  c: Awaited<ReturnType<typeof makeSendingCampaign>>,
  n: number,
): Promise<string[]> {
  const tag = crypto.randomUUID().slice(0, 8);
  const boxes = sql`${sql.param(c.mailboxIds)}::text[]`;
  await db.execute(sql`
    insert into leads (id, workspace_id, email, first_name)
    select 'l-' || ${tag} || '-' || g, ${c.workspaceId}, 'lead' || g || '-' || ${tag} || '@client.test', 'L' || g
    from generate_series(1, ${n}::int) g`);
  await db.execute(sql`
    insert into campaign_leads (id, workspace_id, campaign_id, lead_id, status, mailbox_id)
    select 'cl-' || ${tag} || '-' || g, ${c.workspaceId}, ${c.campaignId}, 'l-' || ${tag} || '-' || g, 'sending',
      (${boxes})[1 + g % cardinality(${boxes})]
    from generate_series(1, ${n}::int) g`);
  const { rows } = await db.execute<{ id: string }>(sql`
    insert into sent_emails (id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id, variant_id,
      mailbox_id, status, message_id, from_email, to_email)
    select 'se-' || ${tag} || '-' || g, ${c.workspaceId}, ${c.campaignId}, 'cl-' || ${tag} || '-' || g,
      'l-' || ${tag} || '-' || g, ${c.steps[0]!.stepId}, ${c.steps[0]!.variantId},
      (${boxes})[1 + g % cardinality(${boxes})], 'queued', '<se-' || ${tag} || '-' || g || '@outreach.test>',
      (${sql.param(c.mailboxEmails)}::text[])[1 + g % cardinality(${boxes})], 'lead' || g || '-' || ${tag} || '@client.test'
    from generate_series(1, ${n}::int) g
    returning id`);
  return rows.map((r) => r.id);
}

/** Make queued emails due now: the send loops take them from here. */
export async function makeDue(db: Db, ids: string[]): Promise<void> {
  await db.execute(sql`update sent_emails set send_at = now()
    where id = any(${sql.param(ids)}::text[]) and status = 'queued'`);
}

/**
 * Where a campaign's sending stands: rows by status (a `queued` or `sending` row is a send still
 * to come or under way), leads by status.
 */
export async function sendingState(db: Db, campaignId: string) {
  const { rows } = await db.execute<{
    emails: Record<string, number>;
    leads: Record<string, number>;
  }>(sql`
    select
      (select coalesce(jsonb_object_agg(status, n), '{}') from
        (select status, count(*)::int n from sent_emails where campaign_id = ${campaignId} group by status) e) as emails,
      (select coalesce(jsonb_object_agg(status, n), '{}') from
        (select status, count(*)::int n from campaign_leads where campaign_id = ${campaignId} group by status) l) as leads`);
  return rows[0]!;
}
