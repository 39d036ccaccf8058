import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { type ColumnMapping, detectMapping, uniqueHeaders } from "./column-mapping";
import { type CsvDelimiter, csvRecords, sniffDelimiter } from "./csv-records";

/** Bytes of a file read to find its header and sample rows. */
export const PREVIEW_BYTES = 64 * 1024;
const SAMPLE_ROWS = 5;

export type CsvPreview = {
  delimiter: CsvDelimiter;
  headers: string[];
  mapping: ColumnMapping;
  /** the first rows, values in header order */
  rows: string[][];
};

/**
 * The header, detected mapping and first rows of a CSV, from the start of the file. `truncated`
 * says the sample stops mid-file: it is cut at its last line break so no half row is shown.
 */
export async function previewCsv(sample: Buffer, truncated: boolean): Promise<CsvPreview> {
  if (sample.includes(0)) {
    throw new AppError(
      "validation",
      "this is not a CSV file (it looks like a spreadsheet or other binary file): save it as CSV (UTF-8) and upload that",
    );
  }
  let head = sample;
  if (truncated) {
    const lastBreak = Math.max(sample.lastIndexOf(0x0a), sample.lastIndexOf(0x0d));
    if (lastBreak > 0) head = sample.subarray(0, lastBreak + 1);
  }
  const delimiter = sniffDelimiter(head.subarray(0, 8192).toString("utf8"));
  let headers: string[] | undefined;
  const rows: string[][] = [];
  for await (const item of csvRecords(Readable.from([head]), delimiter)) {
    if (item.type === "error") break;
    if (!headers) {
      headers = uniqueHeaders(item.fields);
      continue;
    }
    if (item.fields.every((v) => v.trim() === "")) continue;
    rows.push(headers.map((_, i) => item.fields[i] ?? ""));
    if (rows.length >= SAMPLE_ROWS) break;
  }
  if (!headers || headers.every((h) => /^Column \d+$/.test(h))) {
    throw new AppError(
      "validation",
      "the file has no header row: its first line must name the columns (for example email,first name,company)",
    );
  }
  return { delimiter, headers, mapping: detectMapping(headers), rows };
}

/** previewCsv on the first bytes of a file on disk. */
export async function previewCsvFile(filePath: string): Promise<CsvPreview> {
  const file = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(PREVIEW_BYTES);
    const { bytesRead } = await file.read(buffer, 0, PREVIEW_BYTES, 0);
    const size = (await file.stat()).size;
    return await previewCsv(buffer.subarray(0, bytesRead), size > bytesRead);
  } finally {
    await file.close();
  }
}
