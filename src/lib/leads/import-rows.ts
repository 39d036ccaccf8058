import { createReadStream } from "node:fs";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type ImportRowError, type LeadImport, leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { type ColumnMapping, uniqueHeaders } from "./column-mapping";
import { type CsvItem, csvRecords } from "./csv-records";
import { previewCsvFile } from "./preview-csv";
import { upsertLeads } from "./upsert-leads";
import { isBlankRow, type LeadInput, validateRow } from "./validate-row";

/** Rows written per transaction; progress is committed with each batch. */
export const IMPORT_BATCH_ROWS = 500;
/** Bad rows kept with their reasons; `failed` and `duplicates` count them all. */
export const MAX_KEPT_ERRORS = 1000;

export type ImportCounters = Pick<
  LeadImport,
  "rowsProcessed" | "imported" | "updated" | "duplicates" | "failed" | "bytesProcessed"
>;

type Outcome = { kind: "lead"; lead: LeadInput } | { kind: "duplicate" | "failed"; error: ImportRowError };

/**
 * Stream the import's file into leads, batch by batch. Each batch (its leads, list memberships,
 * bad rows and counters) commits in one transaction, so `rowsProcessed` is an exact checkpoint:
 * a retried run re-reads the rows before it only to remember their emails (for duplicates
 * within the file) and carries on writing after it. The file is never held in memory.
 */
export async function importRows(db: DbOrTx, row: LeadImport, filePath: string): Promise<ImportCounters> {
  const { delimiter } = await previewCsvFile(filePath); // a missing file or a bad header fails here
  const mapping = row.mapping as ColumnMapping;
  const c: ImportCounters = {
    rowsProcessed: row.rowsProcessed,
    imported: row.imported,
    updated: row.updated,
    duplicates: row.duplicates,
    failed: row.failed,
    bytesProcessed: row.bytesProcessed,
  };
  let errorsKept = row.errors.length;
  const firstLineOf = new Map<string, number>();
  const progress = { bytes: 0 };
  let headers: string[] | undefined;
  let index = 0;
  let leads: LeadInput[] = [];
  let errors: ImportRowError[] = [];
  let pending = 0;

  const flush = async () => {
    if (pending === 0) return;
    await db.transaction(async (tx) => {
      const written = await upsertLeads(tx, { workspaceId: row.workspaceId, leads, listId: row.listId });
      c.imported += written.inserted;
      c.updated += written.updated;
      c.bytesProcessed = Math.max(c.bytesProcessed, Math.min(progress.bytes, row.fileBytes));
      const kept = errors.slice(0, Math.max(0, MAX_KEPT_ERRORS - errorsKept));
      await tx
        .update(leadImports)
        .set({
          ...c,
          ...(kept.length > 0
            ? { errors: sql`${leadImports.errors} || ${JSON.stringify(kept)}::jsonb` }
            : {}),
        })
        .where(eq(leadImports.id, row.id));
      errorsKept += kept.length;
    });
    leads = [];
    errors = [];
    pending = 0;
  };

  for await (const item of csvRecords(createReadStream(filePath), delimiter, progress)) {
    if (!headers) {
      if (item.type === "error") throw new AppError("validation", `line ${item.line}: ${item.reason}`);
      headers = uniqueHeaders(item.fields);
      continue;
    }
    if (item.type === "row" && isBlankRow(item.fields)) continue;
    const outcome = judge(item, headers, mapping, firstLineOf);
    if (++index <= row.rowsProcessed) continue; // committed by an earlier attempt
    c.rowsProcessed++;
    pending++;
    if (outcome.kind === "lead") leads.push(outcome.lead);
    else {
      c[outcome.kind === "duplicate" ? "duplicates" : "failed"]++;
      errors.push(outcome.error);
    }
    if (pending >= IMPORT_BATCH_ROWS) await flush();
  }
  await flush();
  return c;
}

/** A row's fate. The first row with an email wins; later ones are reported as duplicates. */
function judge(
  item: CsvItem,
  headers: string[],
  mapping: ColumnMapping,
  firstLineOf: Map<string, number>,
): Outcome {
  if (item.type === "error") return { kind: "failed", error: { line: item.line, reason: item.reason } };
  const check = validateRow(item.fields, headers, mapping);
  if (!check.ok) {
    const error = { line: item.line, reason: check.reason, ...(check.email ? { email: check.email } : {}) };
    return { kind: "failed", error };
  }
  const { email } = check.lead;
  const first = firstLineOf.get(email);
  if (first !== undefined) {
    const reason = `duplicate: ${email} is already on line ${first} of this file (the first one is imported)`;
    return { kind: "duplicate", error: { line: item.line, email, reason } };
  }
  firstLineOf.set(email, item.line);
  return { kind: "lead", lead: check.lead };
}
