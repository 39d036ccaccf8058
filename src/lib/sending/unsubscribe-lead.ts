import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, emailEvents, type SentEmail } from "@/lib/db/schema";
import { suppressLead } from "@/lib/leads/suppress-lead";
import { emitEvent } from "@/lib/webhooks/emit-event";
import { recordEvent } from "./sender";

export type UnsubscribeVia = "link" | "one_click" | "reply";

/**
 * A lead asked to stop, by any path (the link's page, a mail provider's RFC 8058 one-click POST, a
 * reply): the address is suppressed, the lead's running sequences stop, the email gets its
 * `unsubscribe` event and the workspace one `lead.unsubscribed` webhook event. Every path comes
 * here so they cannot drift; repeating the same unsubscribe (one-click POSTs are retried) changes
 * nothing and emits nothing. Call inside a transaction; dispatch the returned deliveries after
 * commit (see emitEvent).
 */
export async function unsubscribeLead(
  tx: DbOrTx,
  opts: {
    workspaceId: string;
    leadId: string;
    email: string;
    via: UnsubscribeVia;
    /** the campaign email the request answers, when known */
    sent?: SentEmail;
    campaignId?: string | null;
    inboxMessageId?: string;
    /** where it came from, for the suppression list */
    source: string;
    stoppedReason: string;
  },
): Promise<{ deliveryIds: string[] }> {
  const now = new Date();
  const { created } = await suppressLead(tx, {
    workspaceId: opts.workspaceId,
    email: opts.email,
    reason: "unsubscribed",
    source: opts.source,
  });
  const stop = { status: "unsubscribed" as const, stoppedReason: opts.stoppedReason, updatedAt: now };
  await tx
    .update(campaignLeads)
    .set(stop)
    .where(
      and(
        eq(campaignLeads.leadId, opts.leadId),
        inArray(campaignLeads.status, ["queued", "sending", "completed"]),
      ),
    );
  let first = created;
  if (opts.sent) {
    // the campaign whose email carried the link shows the unsubscribe whatever state it was in
    await tx.update(campaignLeads).set(stop).where(eq(campaignLeads.id, opts.sent.campaignLeadId));
    const [already] = await tx
      .select({ id: emailEvents.id })
      .from(emailEvents)
      .where(and(eq(emailEvents.sentEmailId, opts.sent.id), eq(emailEvents.type, "unsubscribe")))
      .limit(1);
    first = !already;
    if (first) await recordEvent(tx, opts.sent, "unsubscribe", now);
  }
  if (!first) return { deliveryIds: [] };
  const event = await emitEvent(tx, {
    workspaceId: opts.workspaceId,
    type: "lead.unsubscribed",
    payload: {
      campaignId: opts.campaignId ?? opts.sent?.campaignId ?? null,
      leadId: opts.leadId,
      email: opts.email,
      via: opts.via,
      ...(opts.sent ? { sentEmailId: opts.sent.id } : {}),
      ...(opts.inboxMessageId ? { inboxMessageId: opts.inboxMessageId } : {}),
    },
  });
  return { deliveryIds: event.deliveryIds };
}
