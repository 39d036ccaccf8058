import { and, asc, eq, inArray } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import {
  campaignLeads,
  campaigns,
  type InboxMessage,
  leads,
  mailboxes,
  sentEmails,
  stepVariants,
} from "@/lib/db/schema";
import { renderCampaignEmail } from "@/lib/sending/render-email";
import { referralOf } from "./referral-of";
import { threadContext } from "./thread-context";
import { threadMessages } from "./thread-messages";

export const toThreadMessage = (m: InboxMessage) => ({
  id: m.id,
  direction: m.direction,
  from: { email: m.fromEmail ?? "", name: m.fromName },
  to: m.toEmails,
  subject: m.subject,
  date: (m.sentAt ?? m.receivedAt).toISOString(),
  text: m.textBody ?? "",
  html: m.htmlBody,
  category: m.direction === "inbound" ? m.category : null,
  intent: m.intent,
  // a "wrong person" reply names who to write to instead: offered as a new lead
  referral:
    m.direction === "inbound" && m.intent === "wrong_person"
      ? referralOf(m.textBody ?? "", [m.fromEmail, ...m.toEmails])
      : null,
  linkMethod: m.linkMethod,
  sentEmailId: m.direction === "inbound" ? m.sentEmailId : null,
  bounce:
    m.category === "bounce" && m.bounce
      ? {
          type: m.bounce.type,
          reason: m.bounce.reason ?? null,
          status: m.bounce.status,
          recipient: m.bounce.recipient,
          diagnostic: m.bounce.diagnostic,
        }
      : null,
  isRead: m.isRead,
  delivery: m.deliveryStatus ? { status: m.deliveryStatus, error: m.deliveryError } : null,
});

/**
 * A conversation: the replies and our own emails in time order. Campaign emails are not stored
 * as text; they are rendered again exactly as sent (same seed), as text only, so that opening
 * the conversation never loads a tracking pixel.
 */
export async function getThread(db: DbOrTx, workspaceId: string, id: string) {
  const { anchor, all } = await threadMessages(db, workspaceId, id);
  const ctx = (await threadContext(db, [anchor]))(anchor);
  const ours =
    anchor.campaignId && anchor.leadId ? await sentCampaignEmails(db, anchor.campaignId, anchor.leadId) : [];
  // Date headers have whole seconds: a reply never sorts before the email it answers
  const sentAt = new Map(ours.map((o) => [o.id, o.date]));
  const received = all.map((m) => {
    const view = toThreadMessage(m);
    const answered = m.sentEmailId ? sentAt.get(m.sentEmailId) : undefined;
    return { view, key: answered && answered >= view.date ? `${answered}~` : view.date };
  });
  const messages = [...received, ...ours.map((view) => ({ view, key: view.date }))]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((x) => x.view);
  return { id: anchor.id, subject: anchor.subject, ...ctx, messages };
}

async function sentCampaignEmails(db: DbOrTx, campaignId: string, leadId: string) {
  const rows = await db
    .select({ sent: sentEmails, campaign: campaigns, cl: campaignLeads, lead: leads, mailbox: mailboxes })
    .from(sentEmails)
    .innerJoin(campaigns, eq(campaigns.id, sentEmails.campaignId))
    .innerJoin(campaignLeads, eq(campaignLeads.id, sentEmails.campaignLeadId))
    .innerJoin(leads, eq(leads.id, sentEmails.leadId))
    .innerJoin(mailboxes, eq(mailboxes.id, sentEmails.mailboxId))
    .where(
      and(
        eq(sentEmails.campaignId, campaignId),
        eq(sentEmails.leadId, leadId),
        inArray(sentEmails.status, ["sent", "bounced"]),
      ),
    )
    .orderBy(asc(sentEmails.sentAt));
  const variantIds = rows.map((r) => r.sent.variantId).filter((v): v is string => Boolean(v));
  const variants = variantIds.length
    ? await db.select().from(stepVariants).where(inArray(stepVariants.id, variantIds))
    : [];
  return rows.flatMap(({ sent, campaign, cl, lead, mailbox }) => {
    const variant = variants.find((v) => v.id === sent.variantId);
    if (!variant) return [];
    const email = renderCampaignEmail({
      campaign: { ...campaign, plainTextOnly: true },
      campaignLead: cl,
      lead,
      mailbox,
      sent,
      variant,
      trackingBase: env().APP_URL,
    });
    return [
      {
        id: sent.id,
        direction: "outbound" as const,
        from: { email: sent.fromEmail, name: mailbox.fromName || null },
        to: [sent.toEmail],
        subject: sent.subject ?? email.subject,
        date: (sent.sentAt ?? sent.createdAt).toISOString(),
        // the lead's own unsubscribe link is live: a teammate reading the thread must not click it
        text: email.text.split(email.unsubscribeUrl).join("[unsubscribe link]"),
        html: null,
        category: null,
        intent: null,
        referral: null,
        linkMethod: null,
        sentEmailId: null,
        isRead: true,
        delivery: null,
      },
    ];
  });
}
