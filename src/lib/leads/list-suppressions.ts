import { and, count, desc, eq, ilike, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { suppressions } from "@/lib/db/schema";
import type { SuppressionKind } from "./add-suppression";
import { type SuppressionView, toSuppressionView } from "./lead-view";
import { likePattern, type Page } from "./list-leads";

/** A page of the workspace's suppression list, newest first. */
export async function listSuppressions(
  db: DbOrTx,
  opts: { workspaceId: string; search?: string; kind?: SuppressionKind; page?: number; pageSize?: number },
): Promise<Page<SuppressionView>> {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, opts.pageSize ?? 50));
  const where: SQL[] = [eq(suppressions.workspaceId, opts.workspaceId)];
  if (opts.search?.trim()) where.push(ilike(suppressions.value, likePattern(opts.search.trim())));
  if (opts.kind) where.push(eq(suppressions.kind, opts.kind));
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(suppressions)
      .where(and(...where))
      .orderBy(desc(suppressions.createdAt), desc(suppressions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(suppressions)
      .where(and(...where)),
  ]);
  return { data: rows.map(toSuppressionView), total: total?.n ?? 0, page, pageSize };
}
