import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

/**
 * Wait until the database at `url` answers a query, trying every `intervalMs` on a connection of
 * its own (a pool's may all be dead). Returns whether it answered and whether it had to wait: a
 * database that answers at once was not what failed.
 */
export async function waitForDatabase(
  url: string,
  opts: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal },
): Promise<{ up: boolean; waited: boolean }> {
  const deadline = Date.now() + opts.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (await answers(url)) return { up: true, waited: attempt > 0 };
    if (Date.now() >= deadline || opts.signal?.aborted) return { up: false, waited: true };
    await sleep(opts.intervalMs ?? 500, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
