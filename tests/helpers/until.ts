import { setTimeout as sleep } from "node:timers/promises";

export type UntilOptions = {
  /** give up after this long (default 20 s) */
  timeoutMs?: number;
  /** wait this long between checks (default 100 ms) */
  intervalMs?: number;
  /** more to say when it times out, such as the app's recent output */
  detail?: () => string | Promise<string>;
};

/**
 * Check a condition until it holds and return what the check returned: tests wait on the state
 * they expect (a row, a delivered message, a job's state) instead of sleeping and then counting.
 * A check returning undefined, null or false means "not yet"; a check that throws fails at once.
 */
export async function until<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  opts: UntilOptions = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, detail } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      const more = detail ? `\n${await detail()}` : "";
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${more}`);
    }
    await sleep(intervalMs);
  }
}
