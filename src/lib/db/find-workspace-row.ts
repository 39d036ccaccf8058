import { and, eq } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { notFound } from "@/lib/errors";
import type { DbOrTx } from "./client";

/** A table whose rows belong to a workspace and have a text id. */
type WorkspaceTable = PgTable & { id: PgColumn; workspaceId: PgColumn };

/**
 * The row `id` of `table` if it belongs to the workspace. Another workspace's row is "not found"
 * (`what` names it in the message), never "forbidden": its existence is none of the caller's business.
 */
export async function findWorkspaceRow<T extends WorkspaceTable>(
  db: DbOrTx,
  table: T,
  workspaceId: string,
  id: string,
  what: string,
): Promise<T["$inferSelect"]> {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id)))
    .limit(1);
  if (!row) throw notFound(what);
  return row as T["$inferSelect"];
}
