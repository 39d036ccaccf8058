import { type Readable, Transform, type TransformCallback } from "node:stream";
import { type CsvError, type Options, parse } from "csv-parse";

export type CsvDelimiter = "," | ";" | "\t" | "|";
export type CsvItem =
  | { type: "row"; line: number; fields: string[] }
  | { type: "error"; line: number; reason: string };

/** A record longer than this is a quote that was never closed swallowing the rest of the file. */
const MAX_RECORD_CHARS = 1_000_000;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * The separator of the file, from its first line outside quotes: spreadsheets in much of Europe
 * write `;` because `,` is their decimal mark. Ties and no separator at all mean `,`.
 */
export function sniffDelimiter(sample: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ",": 0, ";": 0, "\t": 0, "|": 0 };
  let quoted = false;
  for (const ch of sample.replace(/^\uFEFF/, "")) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts[ch as CsvDelimiter]++;
  }
  let best: CsvDelimiter = ",";
  for (const d of [";", "\t", "|"] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

/**
 * CRLF and lone CR (old Mac exports) become LF, byte by byte (neither byte occurs inside a UTF-8
 * sequence), so csv-parse counts lines the way editors do. Counts the bytes read for progress.
 */
export class NewlineNormalizer extends Transform {
  bytesRead = 0;
  private pendingCr = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytesRead += chunk.length;
    if (!this.pendingCr && chunk.indexOf(CR) === -1) return done(null, chunk);
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let n = 0;
    let i = 0;
    if (this.pendingCr) {
      out[n++] = LF;
      if (chunk[0] === LF) i = 1;
      this.pendingCr = false;
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b !== CR) out[n++] = b;
      else if (i === chunk.length - 1)
        this.pendingCr = true; // CRLF may be split across chunks
      else {
        out[n++] = LF;
        if (chunk[i + 1] === LF) i++;
      }
    }
    done(null, out.subarray(0, n));
  }

  override _flush(done: TransformCallback) {
    done(null, this.pendingCr ? Buffer.from([LF]) : null);
  }
}

/**
 * Cuts an unquoted record that grows past the parser's limit down to just under it, dropping the
 * rest of its line: the row then fails validation once, with its line (a value too long, or too
 * few columns), and the rows after it are read. Left whole, csv-parse reports the overflow again
 * for every chunk of the line and loses the rows that follow. A long record inside quotes is a
 * quote never closed; that is left to the parser, which reports it once.
 */
export class LongRecordGuard extends Transform {
  private length = 0;
  private quoted = false;
  private fieldStart = true;
  private previous = -1;
  private dropping = false;

  constructor(
    private readonly delimiter: number,
    private readonly maxBytes = MAX_RECORD_CHARS - 1024,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    const keep: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.dropping) {
        if (b === LF) {
          this.dropping = false;
          from = i; // the line break itself is kept: it ends the cut record
          this.reset();
        }
        continue;
      }
      if (b === QUOTE) {
        if (this.quoted) this.quoted = false;
        else if (this.fieldStart || this.previous === QUOTE) this.quoted = true;
      } else if (!this.quoted && b === LF) {
        this.reset();
        this.previous = b;
        continue;
      }
      this.fieldStart = !this.quoted && b === this.delimiter;
      this.previous = b;
      if (++this.length > this.maxBytes && !this.quoted) {
        // cut on a character boundary: never inside a UTF-8 sequence
        let end = i;
        while (end > from && (chunk[end]! & 0xc0) === 0x80) end--;
        keep.push(chunk.subarray(from, end));
        this.dropping = true;
      }
    }
    if (!this.dropping) keep.push(chunk.subarray(from));
    done(null, Buffer.concat(keep));
  }

  private reset() {
    this.length = 0;
    this.fieldStart = true;
    this.previous = -1;
  }
}

/**
 * The records of a CSV stream, each with the line it starts on (1-based, as an editor shows it),
 * streaming with backpressure. Rows with a different number of columns are passed through for the
 * caller to judge; a quote that is never closed ends the file with one error item. Empty lines
 * are skipped. `progress.bytes` follows the bytes read from `input`.
 */
export async function* csvRecords(
  input: Readable,
  delimiter: CsvDelimiter,
  progress: { bytes: number } = { bytes: 0 },
): AsyncGenerator<CsvItem> {
  let lastEndLine = 0;
  const errors: CsvItem[] = [];
  const reported = new Set<number>();
  const parser = parse({
    bom: true,
    delimiter,
    record_delimiter: "\n",
    relax_column_count: true,
    relax_quotes: true, // a stray quote inside a value stays a character, not a parse failure
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    // the start line of a record: where it ends, less the line breaks inside its quoted values
    on_record: ((fields: string[], ctx: { lines: number }) => {
      const newlines = fields.reduce((n, f) => n + countNewlines(f), 0);
      lastEndLine = ctx.lines;
      return { fields, line: ctx.lines - newlines };
    }) as unknown as Options["on_record"],
  });
  parser.on("skip", (err: CsvError) => {
    const line = lastEndLine + 1;
    // one record, one error: the parser may report the same overflow more than once
    if (errors.at(-1)?.line === line || reported.has(line)) return;
    reported.add(line);
    const reason =
      err.code === "CSV_QUOTE_NOT_CLOSED" || err.code === "CSV_MAX_RECORD_SIZE"
        ? 'a quoted value starting on or after this line is never closed, so the rest of the file cannot be read: close the quote (") and import the remaining rows again'
        : `malformed CSV: ${err.message}`;
    errors.push({ type: "error", line, reason });
  });
  const normalizer = new NewlineNormalizer();
  const guard = new LongRecordGuard(delimiter.charCodeAt(0));
  input.on("error", (err) => parser.destroy(err));
  normalizer.on("error", (err) => parser.destroy(err));
  input.pipe(normalizer).pipe(guard).pipe(parser);
  try {
    for await (const rec of parser as AsyncIterable<{ fields: string[]; line: number }>) {
      progress.bytes = normalizer.bytesRead;
      while (errors.length > 0 && errors[0]!.line <= rec.line) yield errors.shift()!;
      yield { type: "row", line: rec.line, fields: rec.fields };
    }
    progress.bytes = normalizer.bytesRead;
    yield* errors;
  } finally {
    // a consumer that stops early (a preview) must not leave the file open
    input.destroy();
    parser.destroy();
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
