const BASE = "http://coldframe.invalid";
// C0/C1 controls, any whitespace (browsers drop tabs and newlines inside URLs, turning `/\t/evil`
// into `//evil`), and backslashes (which browsers read as slashes).
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\s\\]/u;

/**
 * Where to go after log-in: only a path on this site. Refuses anything that is not, once parsed
 * as a browser would, a same-origin path (`//evil`, `/\evil`, `/<TAB>/evil`, `https:…`,
 * `javascript:…`), including the same tricks percent-encoded once more. Returns the parsed path,
 * so what the browser is sent to is exactly what was checked.
 */
export function safeNext(next: string | string[] | undefined, fallback = "/campaigns"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (typeof value !== "string" || value.length > 2048 || !isSafePath(value)) return fallback;
  // the path part decoded once more (the query and fragment cannot change the host)
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.split(/[?#]/)[0]!);
  } catch {
    return fallback;
  }
  if (!isSafePath(decoded)) return fallback;
  const url = new URL(value, BASE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isSafePath(path) ? path : fallback;
}

function isSafePath(value: string): boolean {
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE.test(value)) return false;
  try {
    const url = new URL(value, BASE);
    return url.origin === BASE && !url.pathname.startsWith("//");
  } catch {
    return false;
  }
}
