import { and, eq, inArray } from "drizzle-orm";
import { markReplied } from "@/lib/campaigns/stop-on-reply";
import type { Db } from "@/lib/db/client";
import { campaignLeads, emailEvents, leads, sentEmails } from "@/lib/db/schema";
import { suppressLead } from "@/lib/leads/suppress-lead";
import { recordEvent } from "@/lib/sending/sender";
import { unsubscribeLead } from "@/lib/sending/unsubscribe-lead";
import { dispatchDeliveries, emitEvent } from "@/lib/webhooks/emit-event";
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
 * What a linked message changes, all in one transaction, each change an event (and so a webhook):
 * a human reply → the lead is `replied` and its sequence stops (and the company's, if the
 * campaign says so); a hard bounce → bounced and suppressed; an unsubscribe request → the same
 * unsubscribeLead as the link and one-click paths.
 * Auto-replies and soft bounces change no status.
 */
export async function applyReplyEffects(
  db: Db,
  x: {
    messageId: string;
    workspaceId: string;
    link: ReplyLink;
    verdict: Verdict;
    parsed: { from: { email: string } | null; subject: string | null };
  },
) {
  const { link, verdict, workspaceId } = x;
  const [lead] = await db.select().from(leads).where(eq(leads.id, link.leadId));
  if (!lead) return;
  const base = {
    campaignId: link.campaignId,
    leadId: link.leadId,
    email: lead.email,
    inboxMessageId: x.messageId,
  };
  const deliveries: string[] = [];
  await db.transaction(async (tx) => {
    const [sent] = link.sentEmailId
      ? await tx.select().from(sentEmails).where(eq(sentEmails.id, link.sentEmailId))
      : [];
    const emit = async (type: Parameters<typeof emitEvent>[1]["type"], payload: Record<string, unknown>) => {
      deliveries.push(
        ...(await emitEvent(tx, { workspaceId, type, payload: { ...base, ...payload } })).deliveryIds,
      );
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
  });
  await dispatchDeliveries(deliveries);
}

async function already(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  sentEmailId: string,
  type: "reply" | "bounce",
) {
  const [e] = await tx
    .select({ id: emailEvents.id })
    .from(emailEvents)
    .where(and(eq(emailEvents.sentEmailId, sentEmailId), eq(emailEvents.type, type)))
    .limit(1);
  return Boolean(e);
}
