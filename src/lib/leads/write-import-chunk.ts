import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type ImportRowError, type LeadImport, leadImports } from "@/lib/db/schema";
import { rememberStagedEmails, upsertStagedLeads } from "./upsert-staged-leads";
import { STAGED_COLUMNS } from "./with-import-staging";

/** Bad rows kept with their reasons; `failed` and `duplicates` count them all. */
export const MAX_KEPT_ERRORS = 1000;

export type ImportCounters = Pick<
  LeadImport,
  "rowsProcessed" | "imported" | "updated" | "duplicates" | "failed" | "bytesProcessed"
>;
/** What has been committed: the counters and how many bad rows are kept on the import. */
export type ImportProgress = { counters: ImportCounters; errorsKept: number };

/** A run of consecutive rows of the file, judged in Node and written in one transaction. */
export type ImportChunk = {
  /** Rows an earlier attempt committed: only their emails are staged, to find later duplicates. */
  replay: boolean;
  /**
   * The good rows as COPY text (copyTextRow: STAGED_COLUMNS, or line and email on replay), in file
   * order, in pieces of about 64 KB (one CopyData message each).
   */
  text: Buffer[];
  /** Good rows in `text`. */
  good: number;
  /** Rows counted (good and failed; blank rows are not rows). */
  rows: number;
  failed: number;
  /** The first failed rows, in line order. */
  errors: ImportRowError[];
  /** Bytes of the file read when the chunk was closed. */
  bytesRead: number;
};

/**
 * Write one chunk in one transaction: COPY its good rows into the staging table, upsert them into
 * leads set-based (duplicates within the file and against existing leads sorted out in SQL), add
 * the bad rows and the counters to the import row, commit. `rowsProcessed` is therefore an exact
 * checkpoint: a crash anywhere before the commit leaves neither the leads nor the count, and the
 * retry writes the chunk again from the file.
 */
export async function writeImportChunk(
  client: pg.PoolClient,
  row: Pick<LeadImport, "id" | "workspaceId" | "listId" | "fileBytes">,
  done: ImportProgress,
  chunk: ImportChunk,
): Promise<ImportProgress> {
  await client.query("begin");
  try {
    if (chunk.good > 0) {
      const columns = chunk.replay ? "line, email" : STAGED_COLUMNS;
      const copy = client.query(copyFrom(`copy import_chunk (${columns}) from stdin`));
      await pipeline(Readable.from(chunk.text), copy);
    }
    if (chunk.replay) {
      await rememberStagedEmails(client);
      await client.query("commit");
      return done;
    }
    const written =
      chunk.good > 0
        ? await upsertStagedLeads(client, { workspaceId: row.workspaceId, listId: row.listId })
        : { inserted: 0, updated: 0 };
    const duplicates = chunk.good - written.inserted - written.updated;
    const room = Math.max(0, MAX_KEPT_ERRORS - done.errorsKept);
    const kept =
      room === 0
        ? []
        : [...chunk.errors, ...(duplicates > 0 ? await duplicateErrors(client, room) : [])]
            .sort((a, b) => a.line - b.line)
            .slice(0, room);
    const c = done.counters;
    const counters: ImportCounters = {
      rowsProcessed: c.rowsProcessed + chunk.rows,
      imported: c.imported + written.inserted,
      updated: c.updated + written.updated,
      duplicates: c.duplicates + duplicates,
      failed: c.failed + chunk.failed,
      bytesProcessed: Math.max(c.bytesProcessed, Math.min(chunk.bytesRead, row.fileBytes)),
    };
    await drizzle(client)
      .update(leadImports)
      .set({
        ...counters,
        ...(kept.length > 0 ? { errors: sql`${leadImports.errors} || ${JSON.stringify(kept)}::jsonb` } : {}),
      })
      .where(eq(leadImports.id, row.id));
    await client.query("commit");
    return { counters, errorsKept: done.errorsKept + kept.length };
  } catch (err) {
    await client.query("rollback").catch(() => {}); // a dead connection has rolled back already
    throw err;
  }
}

/** The chunk's rows whose email came earlier in the file (after upsertStagedLeads), first lines first. */
async function duplicateErrors(client: pg.PoolClient, limit: number): Promise<ImportRowError[]> {
  const { rows } = await client.query<{ line: number; email: string; first: number }>(
    `select c.line, c.email, s.line as first
     from import_chunk c join import_seen s on s.email = c.email
     where s.line <> c.line
     order by c.line limit $1`,
    [limit],
  );
  return rows.map((d) => ({
    line: d.line,
    email: d.email,
    reason: `duplicate: ${d.email} is already on line ${d.first} of this file (the first one is imported)`,
  }));
}
