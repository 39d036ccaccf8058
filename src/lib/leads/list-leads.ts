import { and, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { likePattern } from "@/lib/db/like-pattern";
import { newestFirstPage, type Page } from "@/lib/db/newest-first-page";
import { leadListMembers, type leadStatuses, leads } from "@/lib/db/schema";
import { type LeadView, toLeadView } from "./lead-view";

export type ListLeadsOptions = {
  workspaceId: string;
  /** matches email, names and company, case-insensitively */
  search?: string;
  status?: (typeof leadStatuses)[number];
  listId?: string;
  page?: number;
  pageSize?: number;
};

/** A page of the workspace's leads, newest first, with the total for pagination. */
export async function listLeads(db: DbOrTx, opts: ListLeadsOptions): Promise<Page<LeadView>> {
  const where: SQL[] = [eq(leads.workspaceId, opts.workspaceId)];
  const search = opts.search?.trim();
  if (search) {
    const pattern = likePattern(search);
    where.push(
      or(
        ilike(leads.email, pattern),
        ilike(leads.firstName, pattern),
        ilike(leads.lastName, pattern),
        ilike(leads.company, pattern),
      )!,
    );
  }
  if (opts.status) where.push(eq(leads.status, opts.status));
  if (opts.listId) {
    const members = db
      .select({ id: leadListMembers.leadId })
      .from(leadListMembers)
      .where(and(eq(leadListMembers.listId, opts.listId), eq(leadListMembers.workspaceId, opts.workspaceId)));
    where.push(inArray(leads.id, members));
  }
  const found = await newestFirstPage(db, leads, and(...where), opts);
  return { ...found, data: found.data.map(toLeadView) };
}
