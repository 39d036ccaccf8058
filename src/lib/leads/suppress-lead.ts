import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, leads } from "@/lib/db/schema";
import { addSuppression, type SuppressionReason } from "./add-suppression";

/**
 * An address unsubscribed, bounced, complained or was blocked: suppress it and mark the
 * workspace's lead with that address, together (one transaction), so the lead list and the
 * suppression list never disagree. Safe to call again for the same event.
 */
export async function suppressLead(
  db: DbOrTx,
  opts: { workspaceId: string; email: string; reason: SuppressionReason; source?: string },
) {
  return db.transaction(async (tx) => {
    const { suppression, created } = await addSuppression(tx, {
      workspaceId: opts.workspaceId,
      value: opts.email,
      kind: "email",
      reason: opts.reason,
      source: opts.source,
    });
    const status = opts.reason === "bounced" ? "bounced" : "unsubscribed";
    const updated = await tx
      .update(leads)
      .set({ status, updatedAt: new Date() })
      .where(and(eq(leads.workspaceId, opts.workspaceId), eq(leads.email, suppression.value)))
      .returning({ id: leads.id });
    if (updated.length) {
      // the scheduler reads the lead's status from its campaign leads (their due indexes)
      await tx
        .update(campaignLeads)
        .set({ leadActive: false })
        .where(
          and(
            inArray(
              campaignLeads.leadId,
              updated.map((l) => l.id),
            ),
            eq(campaignLeads.leadActive, true),
          ),
        );
    }
    return { suppression, created, leadIds: updated.map((l) => l.id) };
  });
}
