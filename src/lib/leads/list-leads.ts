import { and, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
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

export type Page<T> = { data: T[]; total: number; page: number; pageSize: number };

/** `%` and `_` typed by a person are literal characters, not wildcards. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page of the workspace's leads, newest first, with the total for pagination. */
export async function listLeads(db: DbOrTx, opts: ListLeadsOptions): Promise<Page<LeadView>> {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, opts.pageSize ?? 50));
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
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(leads)
      .where(and(...where))
      .orderBy(desc(leads.createdAt), desc(leads.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(leads)
      .where(and(...where)),
  ]);
  return { data: rows.map(toLeadView), total: total?.n ?? 0, page, pageSize };
}
