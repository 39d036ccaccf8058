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

export type ClaimedEmail = NonNullable<Awaited<ReturnType<typeof claimEmail>>>;

const nextStep = alias(campaignSteps, "next_step");

/**
 * Claim a queued email (`queued` → `sending`, one more attempt) and read everything its send needs
 * — campaign, lead, mailbox, step and variant, whether a next step follows, the sending domain's
 * DKIM key and tracking host, and whether the address is suppressed — in one statement, so one
 * round trip and one commit. Null when the row is not `queued` (sent, being sent, or gone): a
 * second run of the same job sends nothing.
 *
 * The claim is an UPDATE in a CTE; the rest of the statement reads the snapshot from before it,
 * so `sent` is patched here to the state the claim committed.
 */
export async function claimEmail(db: Db, sentEmailId: string) {
  const claimed = db.$with("claimed", { id: sentEmails.id }).as(
    sql`update ${sentEmails} set status = 'sending', attempts = attempts + 1
        where id = ${sentEmailId} and status = 'queued' returning id`,
  );
  const [row] = await db
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
      and(eq(nextStep.campaignId, sentEmails.campaignId), eq(nextStep.position, sql`${campaignSteps.position} + 1`)),
    )
    .leftJoin(
      domains,
      and(
        eq(domains.workspaceId, sentEmails.workspaceId),
        eq(domains.name, sql`lower(split_part(${mailboxes.email}, '@', 2))`),
      ),
    );
  if (!row) return null;
  return {
    ...row,
    sent: { ...row.sent, status: "sending" as const, attempts: row.sent.attempts + 1 },
    hasNextStep: row.nextStepDelayMinutes !== null,
  };
}
