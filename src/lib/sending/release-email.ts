import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type CampaignLeadStatus, campaignLeads, sentEmails } from "@/lib/db/schema";

/** After this many temporary failures an email is given up (retried with backoff before). */
export const MAX_ATTEMPTS = 6;
/** A temporary failure's first retry waits this long, doubling each time up to the maximum. */
export const RETRY_DELAY_SECONDS = 60;
export const RETRY_MAX_DELAY_SECONDS = 3600;

/** `uncertain`: the server may have accepted it; left `sending` for recoverStuckSends */
export type SendOutcome = "sent" | "bounced" | "skipped" | "requeued" | "failed" | "uncertain";

/**
 * Remove a claimed row that will not be sent, and set the lead's state (a lead no longer `sending`
 * — stopped by a reply meanwhile — keeps its own). Only a row still `sending` is removed: nothing
 * that was sent or recorded by another path is undone.
 */
export async function unqueue(
  db: DbOrTx,
  sentEmailId: string,
  campaignLeadId: string,
  status: CampaignLeadStatus,
  reason?: string,
) {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(sentEmails)
      .where(and(eq(sentEmails.id, sentEmailId), eq(sentEmails.status, "sending")))
      .returning({ id: sentEmails.id });
    if (!removed) return;
    await tx
      .update(campaignLeads)
      .set({ status, ...(reason ? { stoppedReason: reason } : {}), updatedAt: new Date() })
      .where(and(eq(campaignLeads.id, campaignLeadId), eq(campaignLeads.status, "sending")));
  });
}

/** Mark a claimed row failed for good, and stop its lead with the reason. */
export async function giveUp(db: DbOrTx, sentEmailId: string, reason: string): Promise<SendOutcome> {
  await db.transaction(async (tx) => {
    const [s] = await tx
      .update(sentEmails)
      .set({ status: "failed", error: reason })
      .where(and(eq(sentEmails.id, sentEmailId), eq(sentEmails.status, "sending")))
      .returning();
    if (s) {
      await tx
        .update(campaignLeads)
        .set({ status: "stopped", stoppedReason: reason, updatedAt: new Date() })
        .where(and(eq(campaignLeads.id, s.campaignLeadId), eq(campaignLeads.status, "sending")));
    }
  });
  return "failed";
}
