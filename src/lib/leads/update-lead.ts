import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { campaignLeads, type leadStatuses, leads } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { type LeadFieldsInput, requireEmail } from "./create-lead";
import { getLead } from "./get-lead";

export type LeadPatch = LeadFieldsInput & { email?: string; status?: (typeof leadStatuses)[number] };

/**
 * Change a lead's fields; `customFields`, when given, replaces the set. Setting the status back to
 * active does not lift a suppression: the suppression list is what the sender checks.
 */
export async function updateLead(db: DbOrTx, workspaceId: string, id: string, patch: LeadPatch) {
  const values = { ...patch, ...(patch.email !== undefined ? { email: requireEmail(patch.email) } : {}) };
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(leads)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
        .returning({ id: leads.id });
      if (!row) throw notFound("lead");
      if (patch.status !== undefined) {
        // the scheduler reads the lead's status from its campaign leads (their due indexes)
        await tx
          .update(campaignLeads)
          .set({ leadActive: patch.status === "active" })
          .where(eq(campaignLeads.leadId, id));
      }
    });
  } catch (err) {
    if (
      (err as { cause?: { code?: string } }).cause?.code === "23505" ||
      (err as { code?: string }).code === "23505"
    )
      throw new AppError("conflict", `another lead already has the email ${values.email}`);
    throw err;
  }
  return getLead(db, workspaceId, id);
}
