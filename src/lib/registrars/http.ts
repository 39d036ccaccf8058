import { setTimeout as sleep } from "node:timers/promises";
import { RegistrarError, type RegistrarId } from "./types";

/** Longest single wait we honour from a Retry-After header before giving up with rate_limited. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Retry-After (seconds or an HTTP date) in milliseconds; `fallbackMs` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, fallbackMs = 1_000): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallbackMs : Math.max(0, at - Date.now());
}

/**
 * Runs `fn`; when it throws RegistrarError('rate_limited') waits the registrar's Retry-After and
 * tries again, at most `retries` times (and never a single wait over MAX_RETRY_AFTER_MS), then
 * rethrows the rate_limited error for the caller (a job retries later).
 */
export async function withRateLimitRetry<T>(fn: () => Promise<T>, retries: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof RegistrarError) || err.code !== "rate_limited" || attempt >= retries) throw err;
      const wait = err.options.retryAfterMs ?? 1_000;
      if (wait > MAX_RETRY_AFTER_MS) throw err;
      await sleep(wait);
    }
  }
}

/** A per-key limiter: at most `perSecond` starts in any sliding second (Name.com allows 20/s). */
export function rateLimiter(perSecond: number) {
  const starts: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  return function acquire(): Promise<void> {
    const next = chain.then(async () => {
      for (;;) {
        const now = Date.now();
        while (starts.length > 0 && now - (starts[0] ?? 0) >= 1_000) starts.shift();
        if (starts.length < perSecond) {
          starts.push(now);
          return;
        }
        await sleep(1_000 - (now - (starts[0] ?? now)) + 1);
      }
    });
    chain = next.catch(() => undefined);
    return next;
  };
}

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Dollars (number or decimal string such as "10.44") → integer cents. */
export function toCents(amount: string | number | null | undefined): number | null {
  if (amount === null || amount === undefined || amount === "") return null;
  const n = typeof amount === "number" ? amount : Number(amount);
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** The part after the first label: "get-acme.co.uk" → "co.uk". */
export function tldOf(name: string): string {
  const i = name.indexOf(".");
  return i < 0 ? "" : name.slice(i + 1);
}

/** A network failure (refused, reset, timeout) as a transient RegistrarError. */
export function networkError(registrar: RegistrarId, err: unknown): RegistrarError {
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a timeout) is its cause
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  const message =
    (err instanceof Error ? err.message : String(err)) + (typeof cause === "string" ? ` (${cause})` : "");
  return new RegistrarError("transient", `${registrar}: network error: ${message}`, { registrar });
}
