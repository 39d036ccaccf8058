import { createReadStream } from "node:fs";
import type pg from "pg";
import type { LeadImport } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { type ColumnMapping, uniqueHeaders } from "./column-mapping";
import { copyTextRow } from "./copy-text-row";
import { csvRecords } from "./csv-records";
import { previewCsvFile } from "./preview-csv";
import { isBlankRow, validateRow } from "./validate-row";
import { withImportStaging } from "./with-import-staging";
import {
  type ImportChunk,
  type ImportCounters,
  type ImportProgress,
  MAX_KEPT_ERRORS,
  writeImportChunk,
} from "./write-import-chunk";

export { type ImportCounters, MAX_KEPT_ERRORS } from "./write-import-chunk";

/**
 * Rows in the first chunk; each next chunk doubles, up to MAX_CHUNK_ROWS. Small first chunks
 * show progress within a second; big later ones spread the cost of a commit over many rows.
 */
export const FIRST_CHUNK_ROWS = 500;
export const MAX_CHUNK_ROWS = 16_000;
/** A chunk also closes at this much COPY text, so wide rows keep memory bounded. */
const MAX_CHUNK_CHARS = 8 * 1024 * 1024;
/** COPY text is sent in pieces of about this size. */
const COPY_PIECE_CHARS = 64 * 1024;
const READ_BYTES = 16 * 1024;

/**
 * Stream the import's file into leads, chunk by chunk, on one connection (the caller's, which
 * holds the import's lock; the staging tables live in its session). Node parses and validates the
 * rows of the next chunk while PostgreSQL writes the previous one (see writeImportChunk), so
 * neither waits for the other. Memory stays bounded: at most two chunks are held, and duplicates
 * within the file are found in PostgreSQL, not in a map of every address.
 *
 * A retried or resumed run reads the file again from the start: the rows before `rowsProcessed`
 * were committed by an earlier attempt and only have their emails staged again (so a later
 * duplicate of them is still reported as one); writing carries on after them.
 */
export async function importRows(
  client: pg.PoolClient,
  row: LeadImport,
  filePath: string,
): Promise<ImportCounters> {
  const { delimiter } = await previewCsvFile(filePath); // a missing file or a bad header fails here
  const mapping = row.mapping as ColumnMapping;
  return withImportStaging(client, async () => {
    let done: ImportProgress = {
      counters: {
        rowsProcessed: row.rowsProcessed,
        imported: row.imported,
        updated: row.updated,
        duplicates: row.duplicates,
        failed: row.failed,
        bytesProcessed: row.bytesProcessed,
      },
      errorsKept: row.errors.length,
    };
    // One chunk is written while the next is read: `writing` is awaited before the next write
    // starts (one statement at a time on a connection) and at the end.
    let writing: Promise<void> = Promise.resolve();
    const write = async (chunk: ImportChunk) => {
      await writing;
      writing = writeImportChunk(client, row, done, chunk).then((next) => {
        done = next;
      });
      writing.catch(() => {}); // not unhandled while the next chunk is read; rethrown when awaited
    };
    const progress = { bytes: 0 };
    let headers: string[] | undefined;
    let index = 0;
    let limit = FIRST_CHUNK_ROWS;
    let chunk = emptyChunk(row.rowsProcessed > 0);
    let chars = 0;
    // lines of the piece being built; each piece is sent as one Buffer (flat, outside the JS heap)
    let piece: string[] = [];
    let pieceChars = 0;
    const endPiece = () => {
      if (piece.length > 0) chunk.text.push(Buffer.from(piece.join("")));
      piece = [];
      pieceChars = 0;
    };
    const close = () => {
      endPiece();
      chars = 0;
      return { ...chunk, bytesRead: progress.bytes };
    };

    // small reads: the parser turns each into a burst of records that wait to be judged, and a
    // smaller burst is both faster and less garbage promoted to the old generation
    const input = createReadStream(filePath, { highWaterMark: READ_BYTES });
    try {
      for await (const item of csvRecords(input, delimiter, progress)) {
        if (!headers) {
          if (item.type === "error") throw new AppError("validation", `line ${item.line}: ${item.reason}`);
          headers = uniqueHeaders(item.fields);
          continue;
        }
        if (item.type === "row" && isBlankRow(item.fields)) continue;
        const replay = ++index <= row.rowsProcessed;
        if (replay !== chunk.replay) {
          if (chunk.rows > 0) await write(close());
          chunk = emptyChunk(replay);
        }
        const check =
          item.type === "error"
            ? { ok: false as const, reason: item.reason }
            : validateRow(item.fields, headers, mapping);
        chunk.rows++;
        if (check.ok) {
          const { lead } = check;
          const line = replay
            ? copyTextRow([item.line, lead.email])
            : copyTextRow([
                item.line,
                lead.email,
                lead.firstName,
                lead.lastName,
                lead.company,
                lead.title,
                lead.phone,
                lead.website,
                JSON.stringify(lead.customFields),
              ]);
          chunk.good++;
          chars += line.length;
          piece.push(line);
          pieceChars += line.length;
          if (pieceChars >= COPY_PIECE_CHARS) endPiece();
        } else if (!replay) {
          chunk.failed++;
          if (chunk.errors.length < MAX_KEPT_ERRORS) {
            const email = "email" in check && check.email ? { email: check.email } : {};
            chunk.errors.push({ line: item.line, reason: check.reason, ...email });
          }
        }
        if (chunk.rows >= (replay ? MAX_CHUNK_ROWS : limit) || chars >= MAX_CHUNK_CHARS) {
          await write(close());
          if (!replay) limit = Math.min(limit * 2, MAX_CHUNK_ROWS);
          chunk = emptyChunk(replay);
        }
      }
      if (chunk.rows > 0) await write(close());
      await writing;
    } finally {
      // a read that fails mid-file leaves no write running on the connection behind it
      await writing.catch(() => {});
    }
    return done.counters;
  });
}

const emptyChunk = (replay: boolean): ImportChunk => ({
  replay,
  text: [],
  good: 0,
  rows: 0,
  failed: 0,
  errors: [],
  bytesRead: 0,
});
