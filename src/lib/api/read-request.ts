import { AppError } from "@/lib/errors";

/** The largest JSON body any route reads unless it says otherwise (campaigns with many steps do). */
export const MAX_JSON_BYTES = 1024 * 1024;

type ParamsContext = { params?: Promise<Record<string, string | string[]>> } | undefined;

/**
 * A route's path parameters, decoded and checked: a malformed escape (`/leads/%ff`) or a NUL
 * character (`%00`) is the caller's mistake, a 400 — PostgreSQL refuses NUL in text, which would
 * otherwise surface as a 500 at the first query.
 */
export async function readParams(ctx: ParamsContext): Promise<Record<string, string>> {
  let raw: Record<string, string | string[]>;
  try {
    raw = (await ctx?.params) ?? {};
  } catch (err) {
    if (err instanceof URIError || (err as Error)?.name === "DecodeError") throw badPath();
    throw err;
  }
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const joined = Array.isArray(value) ? value.join("/") : value;
    if (joined.includes("\u0000")) throw nulError(key);
    params[key] = joined;
  }
  return params;
}

/** One path parameter of a route outside apiRoute, with the same checks as readParams. */
export async function readParam<K extends string>(
  ctx: { params: Promise<Record<K, string>> },
  key: K,
): Promise<string> {
  const params = await readParams(ctx as unknown as ParamsContext);
  return params[key] ?? "";
}

/** The query string as an object, refusing NUL characters with the parameter named. */
export function readQuery(url: string): Record<string, string> {
  const query = Object.fromEntries(new URL(url).searchParams);
  const bad = findNul(query);
  if (bad !== undefined) throw nulError(bad || "query");
  return query;
}

/**
 * The body as text, read as it streams in and refused (413) past `maxBytes` — both when the
 * Content-Length says so up front and when a body without one grows too long — so a huge body
 * is never held in memory whole.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // stop reading (not cancel: that may tear down the connection before the 413 is answered)
    if (total > maxBytes) {
      reader.releaseLock();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON body (empty means `{}`), size-capped and free of NUL characters. */
export async function readJsonBody(req: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the request body is not valid JSON");
  }
  const bad = findNul(value);
  if (bad !== undefined) throw nulError(bad || "body");
  return value;
}

/**
 * The path (dotted, as validation errors name fields) of the first key or string holding a NUL
 * character, or undefined when there is none.
 */
export function findNul(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, [...path, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "\\u0000")].join(".");
      const found = findNul(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function nulError(field: string): AppError {
  const message = "must not contain NUL characters (\\u0000)";
  return new AppError("validation", `invalid ${field}: ${message}`, { fields: { [field]: [message] } });
}

function badPath(): AppError {
  return new AppError("bad_request", "the URL path has a malformed %-escape");
}

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MiB` : `${maxBytes / 1024} KiB`;
  return new AppError("payload_too_large", `the request body is larger than ${size}`);
}
