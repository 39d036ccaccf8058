import { once } from "node:events";
import { createWriteStream, openAsBlob } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { HttpClient } from "./http-client";

export type LeadView = {
  id: string;
  email: string;
  firstName: string | null;
  company: string | null;
  title: string | null;
  status: string;
  customFields: Record<string, string>;
};
export type ImportView = {
  id: string;
  status: "pending" | "running" | "completed" | "failed";
  filename: string;
  fileBytes: number;
  listId: string | null;
  mapping: Record<string, string>;
  progress: number;
  rowsProcessed: number;
  imported: number;
  updated: number;
  duplicates: number;
  failed: number;
  errors: { line: number; email?: string; reason: string }[];
  error: string | null;
};

/** Lines of a CSV file, LF-terminated. */
export const csv = (...lines: string[]) => `${lines.join("\n")}\n`;

type CsvSource = string | Buffer | { path: string };
type PostOptions = { path?: string; filename?: string; listId?: string; listName?: string; mapping?: string };

/** POST a CSV as multipart/form-data (a file on disk is streamed, not read into memory). */
export async function postCsv(
  client: HttpClient,
  source: CsvSource,
  opts: PostOptions = {},
): Promise<Response> {
  const form = new FormData();
  const blob =
    typeof source === "object" && "path" in source
      ? await openAsBlob(source.path, { type: "text/csv" })
      : new Blob([typeof source === "string" ? source : new Uint8Array(source)], { type: "text/csv" });
  form.append("file", blob, opts.filename ?? "leads.csv");
  for (const key of ["listId", "listName", "mapping"] as const) {
    if (opts[key] !== undefined) form.append(key, opts[key]);
  }
  return client.request(opts.path ?? "/api/v1/lead-imports", { method: "POST", body: form });
}

/** Start an import; fails the test unless it is accepted (201). */
export async function uploadCsv(
  client: HttpClient,
  source: CsvSource,
  opts: PostOptions = {},
): Promise<ImportView> {
  const res = await postCsv(client, source, opts);
  if (res.status !== 201) throw new Error(`upload refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as ImportView;
}

/** Poll an import until it has finished (completed or failed). */
export async function waitForImport(
  client: HttpClient,
  id: string,
  opts: { timeoutMs?: number; intervalMs?: number; onPoll?: (v: ImportView) => void } = {},
): Promise<ImportView> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    const res = await client.get(`/api/v1/lead-imports/${id}`);
    if (res.status !== 200) throw new Error(`import ${id}: ${res.status} ${await res.text()}`);
    const view = (await res.json()) as ImportView;
    opts.onPoll?.(view);
    if (view.status === "completed" || view.status === "failed") return view;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${view.status} after the timeout`);
    await sleep(opts.intervalMs ?? 100);
  }
}

export async function importFile(client: HttpClient, source: CsvSource, opts: PostOptions = {}) {
  return waitForImport(client, (await uploadCsv(client, source, opts)).id);
}

/**
 * Write a CSV of `rows` generated leads to disk in chunks (the test never holds the file).
 * Every `badEvery`th row has an invalid email; `notes` adds a custom column of that many characters.
 * Row i (1-based) is on line i + 1.
 */
export async function writeLeadsCsv(
  file: string,
  rows: number,
  opts: {
    prefix: string;
    badEvery?: number;
    notes?: number;
    /** The email of row i instead of the generated one (a duplicate, a bad address), or undefined. */
    emailOf?: (i: number) => string | undefined;
  },
): Promise<{ path: string }> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const notes = opts.notes
    ? "lorem ipsum dolor sit amet ".repeat(Math.ceil(opts.notes / 27)).slice(0, opts.notes)
    : "";
  await write(`email,first_name,company,segment${notes ? ",notes" : ""}\n`);
  let chunk = "";
  for (let i = 1; i <= rows; i++) {
    const email =
      opts.emailOf?.(i) ??
      (opts.badEvery && i % opts.badEvery === 0 ? `broken-${i}.example` : `${opts.prefix}${i}@example.test`);
    chunk += `${email},Name ${i},"Company ${i % 977}, Inc",segment-${i % 7}${notes ? `,"${i} ${notes}"` : ""}\n`;
    if (chunk.length > 64 * 1024) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
  return { path: file };
}
