/** Where to go after log-in: only a path on this site (never `//evil.example` or a full URL). */
export function safeNext(next: string | string[] | undefined, fallback = "/campaigns"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (typeof value !== "string" || !/^\/(?![/\\])/.test(value)) return fallback;
  return value;
}
