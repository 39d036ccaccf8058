import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  domains,
  leads,
  mailboxes,
  sentEmails,
  stepVariants,
} from "@/lib/db/schema";
import { isSuppressedSql } from "@/lib/leads/is-suppressed";
import { coalesce } from "./coalesce";

export type ClaimedEmail = NonNullable<Awaited<ReturnType<typeof claimEmail>>>;

const nextStep = alias(campaignSteps, "next_step");

/**
 * Claim a queued email (`queued` → `sending`, one more attempt) and read everything its send needs
 * — campaign, lead, mailbox, step and variant, whether a next step follows, the sending domain's
 * DKIM key and tracking host, and whether the address is suppressed — in one statement, shared with
 * the claims asked for at the same time (coalesce): one round trip and one commit for all of them.
 * Null when the row is not `queued` (sent, being sent, or gone): a second run of the same job sends
 * nothing.
 */
export const claimEmail = coalesce(async (db: Db, ids: string[]) => {
  let statement = prepared.get(db);
  if (!statement) prepared.set(db, (statement = prepare(db, "claim")));
  const byId = new Map((await statement.execute({ ids })).map((row) => [row.sent.id, asClaimed(row)]));
  // the same email asked for twice in one batch (a duplicated job) is claimed by the first caller only
  return ids.map((id) => {
    const claimed = byId.get(id) ?? null;
    byId.delete(id);
    return claimed;
  });
});

/**
 * Claim up to `limit` queued emails that are due (`send_at` passed), earliest first, as claimEmail
 * does one: the send loop's fetch. Rows another worker is claiming at the same moment are skipped
 * (SKIP LOCKED), so workers side by side never take the same email.
 */
export async function claimDueEmails(db: Db, limit: number): Promise<ClaimedEmail[]> {
  let statement = preparedDue.get(db);
  if (!statement) preparedDue.set(db, (statement = prepare(db, "due")));
  return (await statement.execute({ limit })).map(asClaimed);
}

// the claim is an UPDATE in a CTE and the rest reads the snapshot from before it: `sent` is
// patched to the state the claim committed
function asClaimed(row: Awaited<ReturnType<ReturnType<typeof prepare>["execute"]>>[number]) {
  return {
    ...row,
    sent: { ...row.sent, status: "sending" as const, attempts: row.sent.attempts + 1 },
    hasNextStep: row.nextStepDelayMinutes !== null,
  };
}

/**
 * The same as a claim, for emails already `sending` (recoverStuckSends): read, nothing changed.
 * What a send of these rows used, so an interrupted send can be recorded as if it had finished.
 */
export async function readSendingEmails(db: Db, ids: string[]) {
  let statement = preparedRead.get(db);
  if (!statement) preparedRead.set(db, (statement = prepare(db, "read")));
  const rows = await statement.execute({ ids });
  return rows.map((row) => ({ ...row, hasNextStep: row.nextStepDelayMinutes !== null }));
}

/**
 * The same read for emails already sent (`sent`, or `bounced` by a later delivery report): what
 * their send used (a copy for the Sent folder).
 */
export async function readSentEmails(db: Db, ids: string[]) {
  let statement = preparedSent.get(db);
  if (!statement) preparedSent.set(db, (statement = prepare(db, "sent")));
  return statement.execute({ ids });
}

// Prepared once per connection: planning this many joins costs more than running them.
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
const preparedDue = new WeakMap<Db, ReturnType<typeof prepare>>();
const preparedRead = new WeakMap<Db, ReturnType<typeof prepare>>();
const preparedSent = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db, mode: "claim" | "due" | "read" | "sent") {
  const claimed = db.$with("claimed", { id: sentEmails.id }).as(
    mode === "claim"
      ? sql`update ${sentEmails} set status = 'sending', attempts = attempts + 1, claimed_at = now()
          where id = any(${sql.placeholder("ids")}) and status = 'queued' returning id`
      : mode === "due"
        ? sql`update ${sentEmails} set status = 'sending', attempts = attempts + 1, claimed_at = now()
          where id in (select id from ${sentEmails} where status = 'queued' and send_at <= now()
            order by send_at limit ${sql.placeholder("limit")} for update skip locked)
          returning id`
        : mode === "read"
          ? sql`select id from ${sentEmails} where id = any(${sql.placeholder("ids")}) and status = 'sending'`
          : // sent, or sent and bounced later by a delivery report: either way it left the mailbox
            sql`select id from ${sentEmails} where id = any(${sql.placeholder("ids")}) and status in ('sent', 'bounced') and sent_at is not null`,
  );
  return db
    .with(claimed)
    .select({
      sent: sentEmails,
      campaign: campaigns,
      cl: campaignLeads,
      lead: leads,
      step: campaignSteps,
      mailbox: mailboxes,
      variant: stepVariants,
      nextStepDelayMinutes: nextStep.delayMinutes,
      domain: {
        name: domains.name,
        dkimSelector: domains.dkimSelector,
        dkimPrivateKeyEnc: domains.dkimPrivateKeyEnc,
        trackingHost: domains.trackingHost,
      },
      suppressed: isSuppressedSql(leads.workspaceId, leads.email),
    })
    .from(claimed)
    .innerJoin(sentEmails, eq(sentEmails.id, claimed.id))
    .innerJoin(campaigns, eq(campaigns.id, sentEmails.campaignId))
    .innerJoin(campaignLeads, eq(campaignLeads.id, sentEmails.campaignLeadId))
    .innerJoin(leads, eq(leads.id, sentEmails.leadId))
    .innerJoin(campaignSteps, eq(campaignSteps.id, sentEmails.stepId))
    .leftJoin(mailboxes, eq(mailboxes.id, sentEmails.mailboxId))
    .leftJoin(stepVariants, eq(stepVariants.id, sentEmails.variantId))
    .leftJoin(
      nextStep,
      and(
        eq(nextStep.campaignId, sentEmails.campaignId),
        eq(nextStep.position, sql`${campaignSteps.position} + 1`),
      ),
    )
    .leftJoin(
      domains,
      and(
        eq(domains.workspaceId, sentEmails.workspaceId),
        eq(domains.name, sql`lower(split_part(${mailboxes.email}, '@', 2))`),
      ),
    )
    .prepare(`${mode}_email`);
}
