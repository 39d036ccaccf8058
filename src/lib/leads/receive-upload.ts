import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

/** Largest CSV accepted; bigger files are split by the person (the limit says how). */
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;
/** Room for the multipart framing and the text fields around the file. */
const FORM_OVERHEAD_BYTES = 2 * 1024 * 1024;

const tooLarge = (maxFileBytes: number) =>
  new AppError(
    "payload_too_large",
    `the file is larger than ${Math.round(maxFileBytes / 1024 / 1024)} MB: split it into smaller files`,
  );

export type Upload<T> = { filename: string; fields: Record<string, string>; file: T };

/** Where uploads wait for their job: DATA_DIR/uploads (shared by web and worker). */
export const uploadPath = (name: string) => path.resolve(env().DATA_DIR, "uploads", path.basename(name));

/**
 * Read a multipart/form-data request as it arrives: the part named `file` goes to `onFile` as a
 * stream (never buffered whole), the other parts are collected as text fields.
 */
export function readMultipart<T>(
  req: Request,
  maxFileBytes: number,
  onFile: (file: Readable, limitHit: () => boolean) => Promise<T>,
  maxBodyBytes = maxFileBytes + FORM_OVERHEAD_BYTES,
): Promise<Upload<T>> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !req.body) {
    throw new AppError("bad_request", "send the CSV as multipart/form-data, in a field named `file`");
  }
  // an honest Content-Length over the limit is refused before a byte of the body is read
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBodyBytes) throw tooLarge(maxFileBytes);
  return new Promise((resolve, reject) => {
    // no prototype: keys come from outside (field names, headers, record tags), "__proto__" included
    const fields: Record<string, string> = Object.create(null);
    let received: { filename: string; result: Promise<T> } | undefined;
    const bb = busboy({
      headers: { "content-type": contentType },
      limits: { files: 1, fileSize: maxFileBytes, fields: 20, fieldSize: 1024 * 1024 },
    });
    bb.on("file", (name, stream, info) => {
      if (name !== "file" || received) return void stream.resume();
      let limited = false;
      stream.on("limit", () => (limited = true));
      const result = onFile(stream, () => limited || (stream as { truncated?: boolean }).truncated === true);
      result.catch(() => stream.resume()); // keep reading so the request can finish; reported at close
      received = { filename: cleanFilename(info.filename), result };
    });
    bb.on("field", (name, value) => (fields[name] = value));
    bb.on("error", (err: Error) =>
      reject(new AppError("bad_request", `the upload could not be read: ${err.message}`)),
    );
    bb.on("close", () => {
      if (!received)
        return reject(new AppError("validation", "no file: send the CSV in a form field named `file`"));
      const { filename, result } = received;
      result.then((file) => resolve({ filename, fields, file }), reject);
    });
    const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
    body.on("error", (err) => bb.destroy(err));
    body.pipe(bb);
  });
}

/**
 * Stream the `file` part to `dest` (via a .part file, renamed when complete); returns its size.
 * Past `maxBytes` the rest is read and dropped, the partial file removed, and the answer is 413.
 */
export async function receiveFileUpload(
  req: Request,
  dest: string,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<Upload<{ bytes: number }>> {
  await mkdir(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  try {
    return await readMultipart(req, maxBytes, async (file, limitHit) => {
      const out = createWriteStream(part, { mode: 0o600 });
      await pipeline(file, out);
      const bytes = out.bytesWritten;
      if (limitHit()) throw tooLarge(maxBytes);
      if (bytes === 0) throw new AppError("validation", "the file is empty: choose a CSV with a header row");
      await rename(part, dest);
      return { bytes };
    });
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

/**
 * The first `maxBytes` of the `file` part (the rest is read and dropped), for previews. The whole
 * request may still be as large as an import's, no larger.
 */
export function receiveFileSample(req: Request, maxBytes: number) {
  return readMultipart(
    req,
    maxBytes,
    async (file, limitHit) => {
      const chunks: Buffer[] = [];
      for await (const chunk of file) chunks.push(chunk as Buffer);
      const sample = Buffer.concat(chunks);
      if (sample.length === 0)
        throw new AppError("validation", "the file is empty: choose a CSV with a header row");
      return { sample, truncated: limitHit() };
    },
    MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES,
  );
}

/** The client's file name, without path or control characters (NUL cannot be stored), or a default. */
function cleanFilename(name: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = path.basename((name ?? "").replace(/[\u0000-\u001f\u007f]/g, "")).trim();
  return clean || "upload.csv";
}
