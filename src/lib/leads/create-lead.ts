import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import { leads } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { addLeadsToList } from "./add-leads-to-list";
import { normalizeEmail } from "./email";
import { getLead } from "./get-lead";

export type LeadFieldsInput = {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  title?: string | null;
  phone?: string | null;
  website?: string | null;
  customFields?: Record<string, string>;
};

/** Normalizes an email or refuses it with the reason, as a 400 on the `email` field. */
export function requireEmail(raw: string): string {
  const check = normalizeEmail(raw);
  if (!check.ok) throw new AppError("validation", check.reason, { fields: { email: [check.reason] } });
  return check.email;
}

/** Add one lead (and put it on lists); an email the workspace already has is a 409. */
export async function createLead(
  db: DbOrTx,
  opts: { workspaceId: string; email: string; listIds?: string[] } & LeadFieldsInput,
) {
  const { workspaceId, listIds, ...fields } = opts;
  const email = requireEmail(fields.email);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(leads)
      .values({ ...fields, id: randomUUID(), workspaceId, email, customFields: fields.customFields ?? {} })
      .onConflictDoNothing({ target: [leads.workspaceId, leads.email] })
      .returning({ id: leads.id });
    if (!row) throw new AppError("conflict", `a lead with the email ${email} already exists: edit that one`);
    for (const listId of new Set(listIds ?? [])) {
      await addLeadsToList(tx, { workspaceId, listId, leadIds: [row.id] });
    }
    return getLead(tx, workspaceId, row.id);
  });
}
