import { APIError } from "better-auth/api";
import { hashPassword, verifyPassword } from "better-auth/crypto";

export const TOO_MANY_SIGN_INS = "too many sign-ins at once, try again in a moment";

/** The app's bound: two hashes at a time (libuv has four threads), 32 more waiting. */
export const DEFAULT_PASSWORD_HASHING = { concurrency: 2, queue: 32 } as const;

/**
 * Better Auth's own scrypt hashing (same format, so existing passwords keep working), with at most
 * `concurrency` hashes running and at most `queue` waiting. scrypt runs in libuv's thread pool
 * (4 threads), which DNS lookups and file reads share: unbounded, a burst of sign-ins starved
 * every other request for most of a minute. Past the queue, callers get a 429 at once.
 */
export function boundedPassword(opts: { concurrency: number; queue: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];

  async function limited<T>(fn: () => Promise<T>): Promise<T> {
    if (running >= opts.concurrency) {
      if (waiting.length >= opts.queue)
        throw new APIError("TOO_MANY_REQUESTS", { message: TOO_MANY_SIGN_INS });
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running++;
    try {
      return await fn();
    } finally {
      // hand the slot straight to the next waiter, so `running` never dips and lets a newcomer jump in
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    hash: (password: string) => limited(() => hashPassword(password)),
    verify: ({ hash, password }: { hash: string; password: string }) =>
      limited(() => verifyPassword({ hash, password })),
    /** for tests and metrics */
    stats: () => ({ running, waiting: waiting.length }),
  };
}
