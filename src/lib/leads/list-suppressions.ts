import { and, eq, ilike, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { likePattern } from "@/lib/db/like-pattern";
import { newestFirstPage, type Page } from "@/lib/db/newest-first-page";
import { suppressions } from "@/lib/db/schema";
import type { SuppressionKind } from "./add-suppression";
import { type SuppressionView, toSuppressionView } from "./lead-view";

/** A page of the workspace's suppression list, newest first. */
export async function listSuppressions(
  db: DbOrTx,
  opts: { workspaceId: string; search?: string; kind?: SuppressionKind; page?: number; pageSize?: number },
): Promise<Page<SuppressionView>> {
  const where: SQL[] = [eq(suppressions.workspaceId, opts.workspaceId)];
  if (opts.search?.trim()) where.push(ilike(suppressions.value, likePattern(opts.search.trim())));
  if (opts.kind) where.push(eq(suppressions.kind, opts.kind));
  const found = await newestFirstPage(db, suppressions, and(...where), opts);
  return { ...found, data: found.data.map(toSuppressionView) };
}
