import { and, eq, inArray } from "drizzle-orm";
import { markReplied } from "@/lib/campaigns/stop-on-reply";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, emailEvents, leads, sentEmails } from "@/lib/db/schema";
import { suppressLead } from "@/lib/leads/suppress-lead";
import { recordEvent } from "@/lib/sending/sender";
import { unsubscribeLead } from "@/lib/sending/unsubscribe-lead";
import { type EndpointCache, emitEvent } from "@/lib/webhooks/emit-event";
import type { ReplyLink } from "./linking";

type Verdict = {
  category: "reply" | "auto_reply" | "bounce" | "unsubscribe_request" | "other";
  intent: "interested" | "not_interested" | "meeting_request" | "wrong_person" | "other" | null;
  bounce: {
    type: "hard" | "soft";
    recipient: string | null;
    status: string | null;
    diagnostic: string | null;
  } | null;
};

/**
 * What a linked message changes, each change an event (and so a webhook): a human reply → the
 * lead is `replied` and its sequence stops (and the company's, if the campaign says so); a hard
 * bounce → bounced and suppressed; an unsubscribe request → the same unsubscribeLead as the link
 * and one-click paths. Auto-replies and soft bounces change no status.
 *
 * Runs in the caller's transaction, the one that stores the message: a reply is never stored
 * without its effects (a crash between the two would leave the sequence running, and the next
 * sync would skip the message as already stored). Returns the webhook deliveries to dispatch
 * once that transaction commits.
 */
export async function applyReplyEffects(
  tx: DbOrTx,
  x: {
    messageId: string;
    workspaceId: string;
    link: ReplyLink;
    verdict: Verdict;
    parsed: { from: { email: string } | null; subject: string | null };
  },
  opts: { endpoints?: EndpointCache } = {},
): Promise<{ deliveryIds: string[] }> {
  const { link, verdict, workspaceId } = x;
  const deliveries: string[] = [];
  const acts =
    verdict.category === "reply" ||
    verdict.category === "unsubscribe_request" ||
    (verdict.category === "bounce" && verdict.bounce?.type === "hard");
  if (!acts) return { deliveryIds: deliveries };
  const [lead] = await tx
    .select({ id: leads.id, email: leads.email })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, link.leadId)));
  if (!lead) return { deliveryIds: deliveries };
  const base = {
    campaignId: link.campaignId,
    leadId: link.leadId,
    email: lead.email,
    inboxMessageId: x.messageId,
  };
  const [sent] = link.sentEmailId
    ? await tx.select().from(sentEmails).where(eq(sentEmails.id, link.sentEmailId))
    : [];
  const emit = async (type: Parameters<typeof emitEvent>[1]["type"], payload: Record<string, unknown>) => {
    const event = await emitEvent(tx, { workspaceId, type, payload: { ...base, ...payload } }, opts);
    deliveries.push(...event.deliveryIds);
  };
  if (verdict.category === "reply") {
    await markReplied(tx, { campaignId: link.campaignId, leadId: link.leadId });
    if (sent && !(await already(tx, sent.id, "reply"))) await recordEvent(tx, sent, "reply", new Date());
    await emit("reply.received", {
      intent: verdict.intent,
      subject: x.parsed.subject,
      linkedBy: link.method,
    });
    if (verdict.intent === "interested" || verdict.intent === "meeting_request") {
      await emit("lead.interested", { intent: verdict.intent });
    }
  } else if (verdict.category === "bounce" && verdict.bounce?.type === "hard") {
    await suppressLead(tx, { workspaceId, email: lead.email, reason: "bounced", source: "bounce notice" });
    await tx
      .update(campaignLeads)
      .set({
        status: "bounced",
        stoppedReason: `bounced: ${verdict.bounce.status ?? ""} ${verdict.bounce.diagnostic ?? ""}`.trim(),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(campaignLeads.leadId, lead.id),
          inArray(campaignLeads.status, ["queued", "sending", "completed"]),
        ),
      );
    if (sent) {
      await tx
        .update(sentEmails)
        .set({ status: "bounced", error: verdict.bounce.diagnostic })
        .where(eq(sentEmails.id, sent.id));
      if (!(await already(tx, sent.id, "bounce"))) await recordEvent(tx, sent, "bounce", new Date());
    }
    await emit("lead.bounced", { bounce: verdict.bounce });
  } else if (verdict.category === "unsubscribe_request") {
    const { deliveryIds } = await unsubscribeLead(tx, {
      workspaceId,
      leadId: lead.id,
      email: lead.email,
      via: "reply",
      sent,
      campaignId: link.campaignId,
      inboxMessageId: x.messageId,
      source: "reply asking to unsubscribe",
      stoppedReason: "asked to unsubscribe",
    });
    deliveries.push(...deliveryIds);
  }
  return { deliveryIds: deliveries };
}

async function already(tx: DbOrTx, sentEmailId: string, type: "reply" | "bounce") {
  const [e] = await tx
    .select({ id: emailEvents.id })
    .from(emailEvents)
    .where(and(eq(emailEvents.sentEmailId, sentEmailId), eq(emailEvents.type, type)))
    .limit(1);
  return Boolean(e);
}
