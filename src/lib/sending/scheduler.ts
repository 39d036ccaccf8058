import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { isInWindow } from "@/lib/campaigns/schedule";
import type { Db, DbOrTx } from "@/lib/db/client";
import {
  type Campaign,
  campaignLeads,
  campaignMailboxes,
  campaignSteps,
  campaigns,
  leads,
  type Mailbox,
  mailboxes,
  sentEmails,
  stepVariants,
} from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { mailboxCapacity, nextGap, startOfUtcDay } from "@/lib/mailboxes/capacity";

export type TickResult = { queued: string[] };

/**
 * One scheduler pass (every minute, and safe on any number of workers at once): for each active
 * campaign inside its sending window, for each of its mailboxes that may send now (status active,
 * gap elapsed, daily allowance left), claim the next due lead with SKIP LOCKED and queue one
 * email. The `sent_emails` row is inserted before any job exists, unique per campaign-lead and
 * step, so no step is ever sent twice.
 */
export async function runSchedulerTick(db: Db, now: Date = new Date()): Promise<TickResult> {
  const active = await db.select().from(campaigns).where(eq(campaigns.status, "active"));
  const queued: string[] = [];
  for (const campaign of active) {
    if (!isInWindow(campaign, now)) continue;
    const boxes = await db
      .select({ m: mailboxes })
      .from(campaignMailboxes)
      .innerJoin(mailboxes, eq(mailboxes.id, campaignMailboxes.mailboxId))
      .where(
        and(
          eq(campaignMailboxes.campaignId, campaign.id),
          eq(mailboxes.status, "active"),
          or(isNull(mailboxes.nextSendAt), lte(mailboxes.nextSendAt, now)),
        ),
      );
    for (const { m } of shuffle(boxes)) {
      const id = await db.transaction((tx) => queueOne(tx, campaign, m.id, now));
      if (id) queued.push(id);
    }
  }
  return { queued };
}

async function queueOne(
  tx: DbOrTx,
  campaign: Campaign,
  mailboxId: string,
  now: Date,
): Promise<string | null> {
  // Lock the mailbox: one scheduler at a time decides its next send, so gaps and limits hold.
  const [mailbox] = await tx
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.id, mailboxId), or(isNull(mailboxes.nextSendAt), lte(mailboxes.nextSendAt, now))))
    .for("update", { skipLocked: true });
  if (mailbox?.status !== "active") return null;

  const dayStart = startOfUtcDay(now);
  const counted = inArray(sentEmails.status, ["queued", "sending", "sent", "bounced"]);
  const [today] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(sentEmails)
    .where(and(eq(sentEmails.mailboxId, mailbox.id), gte(sentEmails.createdAt, dayStart), counted));
  if (mailboxCapacity(mailbox, today?.n ?? 0, now) <= 0) return null;
  if (campaign.dailyCap !== null) {
    const [c] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(sentEmails)
      .where(and(eq(sentEmails.campaignId, campaign.id), gte(sentEmails.createdAt, dayStart), counted));
    if ((c?.n ?? 0) >= campaign.dailyCap) return null;
  }

  // The next due lead; follow-ups first (they are late already), and a follow-up stays with the
  // mailbox that sent the first email, so it lands in the same thread.
  const [cl] = await tx
    .select({ cl: campaignLeads })
    .from(campaignLeads)
    .innerJoin(leads, eq(leads.id, campaignLeads.leadId))
    .where(
      and(
        eq(campaignLeads.campaignId, campaign.id),
        eq(campaignLeads.status, "queued"),
        or(isNull(campaignLeads.nextSendAt), lte(campaignLeads.nextSendAt, now)),
        or(isNull(campaignLeads.mailboxId), eq(campaignLeads.mailboxId, mailbox.id)),
        eq(leads.status, "active"),
      ),
    )
    .orderBy(desc(campaignLeads.nextStep), asc(campaignLeads.nextSendAt), asc(campaignLeads.createdAt))
    .limit(1)
    .for("update", { of: campaignLeads, skipLocked: true })
    .then((r) => r.map((x) => x.cl));
  if (!cl) return null;

  const [step] = await tx
    .select()
    .from(campaignSteps)
    .where(and(eq(campaignSteps.campaignId, campaign.id), eq(campaignSteps.position, cl.nextStep)));
  if (!step) {
    await tx
      .update(campaignLeads)
      .set({ status: "completed", updatedAt: now })
      .where(eq(campaignLeads.id, cl.id));
    return null;
  }
  const variants = await tx.select().from(stepVariants).where(eq(stepVariants.stepId, step.id));
  const variant = pickByWeight(variants);
  if (!variant) return null;

  const [lead] = await tx.select({ email: leads.email }).from(leads).where(eq(leads.id, cl.leadId));
  const threaded = step.position > 1 && !step.newThread && cl.threadMessageId;
  const id = crypto.randomUUID();
  const domain = mailbox.email.split("@")[1]!.toLowerCase();
  await tx.insert(sentEmails).values({
    id,
    workspaceId: campaign.workspaceId,
    campaignId: campaign.id,
    campaignLeadId: cl.id,
    leadId: cl.leadId,
    stepId: step.id,
    variantId: variant.id,
    mailboxId: mailbox.id,
    status: "queued",
    messageId: `<${id}.${randomBytes(6).toString("hex")}@${domain}>`,
    inReplyTo: threaded ? cl.threadMessageId : null,
    references: threaded ? [cl.threadReferences, cl.threadMessageId].filter(Boolean).join(" ") : null,
    fromEmail: mailbox.email,
    toEmail: lead!.email,
    createdAt: now,
  });
  await tx
    .update(campaignLeads)
    .set({ status: "sending", mailboxId: cl.mailboxId ?? mailbox.id, updatedAt: now })
    .where(eq(campaignLeads.id, cl.id));
  await tx
    .update(mailboxes)
    .set({ nextSendAt: new Date(now.getTime() + nextGap(mailbox)) })
    .where(eq(mailboxes.id, mailbox.id));
  logger.debug(
    { sentEmailId: id, campaignId: campaign.id, mailbox: mailbox.id, step: step.position },
    "email queued",
  );
  return id;
}

export function pickByWeight<T extends { weight: number }>(items: T[], random = Math.random): T | undefined {
  const total = items.reduce((s, v) => s + Math.max(0, v.weight), 0);
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const item of items) {
    r -= Math.max(0, item.weight);
    if (r < 0) return item;
  }
  return items.at(-1);
}

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export type { Mailbox };
