import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { inboxMessages, leads, sentEmails } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { dispatchDeliveries } from "@/lib/webhooks/emit-event";
import { applyReplyEffects } from "./apply-effects";
import { getThread } from "./get-thread";
import { threadMessages } from "./thread-messages";

/**
 * Link an unlinked conversation to a lead by hand (the Unlinked view's one click): every unlinked
 * received message of the thread gets the lead, the campaign and the email last sent to the lead
 * in it (`campaignId`, else the lead's latest campaign email), with link method `manual`; then the
 * latest message acts as it would have had it been linked when it arrived (a reply stops the
 * sequence, a bounce bounces, ...), in the same transaction. A conversation linked already is a
 * 409; a lead this workspace never emailed from a campaign, a 400.
 */
export async function linkMessage(
  db: Db,
  workspaceId: string,
  messageId: string,
  input: { leadId: string; campaignId?: string },
) {
  const deliveryIds = await db.transaction(async (tx) => {
    const { all } = await threadMessages(tx, workspaceId, messageId);
    const inbound = all.filter((m) => m.direction === "inbound");
    if (inbound.some((m) => m.leadId)) throw new AppError("conflict", "this conversation is linked already");
    const [lead] = await tx
      .select({ id: leads.id })
      .from(leads)
      .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, input.leadId)));
    if (!lead) throw notFound("lead");
    const [sent] = await tx
      .select()
      .from(sentEmails)
      .where(
        and(
          eq(sentEmails.workspaceId, workspaceId),
          eq(sentEmails.leadId, input.leadId),
          inArray(sentEmails.status, ["sent", "bounced", "unknown"]),
          input.campaignId ? eq(sentEmails.campaignId, input.campaignId) : undefined,
        ),
      )
      .orderBy(desc(sentEmails.sentAt))
      .limit(1);
    if (!sent)
      throw new AppError(
        "validation",
        input.campaignId
          ? "no email of that campaign was sent to this lead: pick the campaign that wrote to them"
          : "no campaign has emailed this lead yet: only a lead a campaign wrote to can be linked",
      );
    const latest = inbound.at(-1)!;
    await tx
      .update(inboxMessages)
      .set({ leadId: sent.leadId, campaignId: sent.campaignId, linkMethod: "manual" })
      .where(
        and(
          eq(inboxMessages.workspaceId, workspaceId),
          inArray(
            inboxMessages.id,
            inbound.map((m) => m.id),
          ),
          isNull(inboxMessages.leadId),
        ),
      );
    await tx.update(inboxMessages).set({ sentEmailId: sent.id }).where(eq(inboxMessages.id, latest.id));
    const effects = await applyReplyEffects(tx, {
      messageId: latest.id,
      workspaceId,
      link: { campaignId: sent.campaignId, leadId: sent.leadId, sentEmailId: sent.id, method: "manual" },
      verdict: {
        category: latest.category,
        intent: latest.intent,
        bounce: latest.bounce,
      },
      parsed: { from: latest.fromEmail ? { email: latest.fromEmail } : null, subject: latest.subject },
    });
    return effects.deliveryIds;
  });
  await dispatchDeliveries(deliveryIds);
  return getThread(db, workspaceId, messageId);
}
