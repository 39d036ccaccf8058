import { eq, sql } from "drizzle-orm";
import { addCampaignLeads } from "../../../src/lib/campaigns/campaign-leads";
import { getDb } from "../../../src/lib/db/client";
import {
  campaignLeads,
  campaignMailboxes,
  campaignSteps,
  campaigns,
  sentEmails,
  stepVariants,
  workspaces,
} from "../../../src/lib/db/schema";
import { everyMinuteUtc, makeLeads, makeMailbox } from "../../integration/fixtures/campaign-fixtures";
import type { startRecordingSink } from "./recording-sink";

type Sink = Awaited<ReturnType<typeof startRecordingSink>>;

/**
 * An active campaign of `steps` steps (no delay between them) for `leads` leads over `mailboxes`
 * mailboxes, all pointed at the sink, with limits and gaps that let it all go out at once.
 */
export async function sinkCampaign(opts: {
  sinkPort: number;
  leads: number;
  steps: number;
  mailboxes: number;
}) {
  const db = getDb();
  const workspaceId = crypto.randomUUID();
  await db.insert(workspaces).values({ id: workspaceId, name: "Kill test", slug: workspaceId });
  const boxes = [];
  for (let i = 0; i < opts.mailboxes; i++)
    boxes.push(await makeMailbox(workspaceId, opts.sinkPort, { dailyLimit: opts.leads * opts.steps }));
  const campaignId = crypto.randomUUID();
  await db
    .insert(campaigns)
    .values({ id: campaignId, workspaceId, name: "C", status: "active", ...everyMinuteUtc });
  await db.insert(campaignMailboxes).values(boxes.map((m) => ({ campaignId, mailboxId: m.id, workspaceId })));
  for (let position = 1; position <= opts.steps; position++) {
    const stepId = crypto.randomUUID();
    await db.insert(campaignSteps).values({ id: stepId, workspaceId, campaignId, position, delayMinutes: 0 });
    await db.insert(stepVariants).values({
      id: crypto.randomUUID(),
      workspaceId,
      stepId,
      label: "A",
      subject: "Quick question {{firstName}}",
      bodyText: `Step ${position}: hello {{firstName}}`,
    });
  }
  const leadRows = await makeLeads(
    workspaceId,
    Array.from({ length: opts.leads }, (_, i) => ({ firstName: `L${i}` })),
  );
  await addCampaignLeads(db, workspaceId, campaignId, { leadIds: leadRows.map((l) => l.id) });
  return { workspaceId, campaignId, leads: leadRows };
}

/**
 * Nothing is left that could still send: no email `queued` (each queued row is its own send job)
 * or `sending`, and the campaign completed.
 */
export async function nothingLeftToSend(campaignId: string): Promise<boolean> {
  const db = getDb();
  const [open] = (
    await db.execute<{ n: number }>(sql`
      select count(*)::int as n from ${sentEmails}
      where campaign_id = ${campaignId} and status in ('queued', 'sending')`)
  ).rows;
  if (open!.n > 0) return false;
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  return c!.status === "completed";
}

/**
 * What the sink holds for each email of the campaign, by its Message-ID: `arrived` (answered 250)
 * and `unanswered` (the whole message reached the sink, which never answered: hung or dropped).
 */
export async function sinkTally(campaignId: string, sink: Sink) {
  const db = getDb();
  const rows = await db
    .select({
      id: sentEmails.id,
      status: sentEmails.status,
      messageId: sentEmails.messageId,
      campaignLeadId: sentEmails.campaignLeadId,
      stepId: sentEmails.stepId,
    })
    .from(sentEmails)
    .where(eq(sentEmails.campaignId, campaignId));
  const arrived = sink.countsByMessageId();
  const unanswered = new Map<string, number>();
  for (const m of sink.refused)
    unanswered.set(m.messageId ?? "", (unanswered.get(m.messageId ?? "") ?? 0) + 1);
  const cls = await db.select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId));
  return {
    rows: rows.map((r) => ({
      ...r,
      arrived: arrived.get(r.messageId) ?? 0,
      unanswered: unanswered.get(r.messageId) ?? 0,
    })),
    campaignLeads: cls,
    /** Message-IDs at the sink that belong to no email of the campaign */
    strangers: [...arrived.keys()].filter((id) => !rows.some((r) => r.messageId === id)),
  };
}
