import { count, desc, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

export type Page<T> = { data: T[]; total: number; page: number; pageSize: number };

/** A table listed newest first: its creation time, and its id to break ties. */
type DatedTable = PgTable & { id: PgColumn; createdAt: PgColumn };

/**
 * One page of `table`'s rows matching `where`, newest first (ties by id, so pages never overlap),
 * with the total for pagination. `page` starts at 1; `pageSize` is 50 by default, at most 200.
 */
export async function newestFirstPage<T extends DatedTable>(
  db: DbOrTx,
  table: T,
  where: SQL | undefined,
  opts: { page?: number; pageSize?: number },
): Promise<Page<T["$inferSelect"]>> {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, opts.pageSize ?? 50));
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(table as PgTable)
      .where(where)
      .orderBy(desc(table.createdAt), desc(table.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(table as PgTable)
      .where(where),
  ]);
  return { data: rows as T["$inferSelect"][], total: total?.n ?? 0, page, pageSize };
}
