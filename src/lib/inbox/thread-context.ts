import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, campaigns, type InboxMessage, leads, mailboxes } from "@/lib/db/schema";

/** Mailbox, campaign and lead (with their status in that campaign) for a set of messages. */
export async function threadContext(db: DbOrTx, messages: InboxMessage[]) {
  const ids = (k: "mailboxId" | "campaignId" | "leadId") => [
    ...new Set(messages.map((m) => m[k]).filter((v): v is string => Boolean(v))),
  ];
  const [boxes, camps, people, states] = await Promise.all([
    ids("mailboxId").length
      ? db
          .select({ id: mailboxes.id, email: mailboxes.email })
          .from(mailboxes)
          .where(inArray(mailboxes.id, ids("mailboxId")))
      : [],
    ids("campaignId").length
      ? db
          .select({ id: campaigns.id, name: campaigns.name })
          .from(campaigns)
          .where(inArray(campaigns.id, ids("campaignId")))
      : [],
    ids("leadId").length
      ? db
          .select()
          .from(leads)
          .where(inArray(leads.id, ids("leadId")))
      : [],
    ids("leadId").length
      ? db
          .select({
            campaignId: campaignLeads.campaignId,
            leadId: campaignLeads.leadId,
            status: campaignLeads.status,
          })
          .from(campaignLeads)
          .where(inArray(campaignLeads.leadId, ids("leadId")))
      : [],
  ]);
  return (m: InboxMessage) => {
    const box = boxes.find((b) => b.id === m.mailboxId)!;
    const camp = camps.find((c) => c.id === m.campaignId) ?? null;
    const lead = people.find((l) => l.id === m.leadId);
    const state = states.find((s) => s.leadId === m.leadId && s.campaignId === m.campaignId);
    return {
      mailbox: { id: box.id, email: box.email },
      campaign: camp,
      lead: lead
        ? {
            id: lead.id,
            email: lead.email,
            name: [lead.firstName, lead.lastName].filter(Boolean).join(" ") || null,
            status: state?.status ?? null,
          }
        : null,
    };
  };
}
