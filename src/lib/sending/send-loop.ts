import type { Db } from "@/lib/db/client";
import { connectionErrorKind } from "@/lib/db/connection-error-kind";
import { waitForDatabase } from "@/lib/db/wait-for-database";
import { logger } from "@/lib/logger";
import { type ClaimedEmail, claimDueEmails } from "./claim-email";
import { sendClaimedEmail } from "./sender";

/**
 * Sends one worker runs at once: a send waits on SMTP and the database, not the CPU, and each
 * mailbox's transport pool keeps within its provider's connection limit.
 */
export const SEND_CONCURRENCY = 16;
/** How often an idle loop looks for due emails. */
const POLL_MS = 500;
const log = logger.child({ component: "send-loop" });

/**
 * The worker's send loop: the queued `sent_emails` rows are the send queue (the outbox). It claims
 * the due ones, earliest first, as many as it has room for, in one statement (claimDueEmails:
 * SKIP LOCKED, so any number of workers share the queue and none takes an email another took),
 * and sends each (sendClaimedEmail). A full fetch is followed by the next at once; otherwise it
 * looks again after the poll interval, or as soon as half its room is free when it is busy.
 *
 * Nothing is lost between the scheduler and the send: the row is committed with the lead's claim,
 * and it is its own job. A worker that dies mid-send leaves its rows `sending` for
 * recoverStuckSends, as before; a temporary failure puts the row back with a later `send_at`
 * (retryLater). A lost database connection is waited out, then the loop goes on. On `signal` it
 * stops claiming and returns once the sends it holds have finished.
 */
export async function runSendLoop(
  db: Db,
  opts: { signal: AbortSignal; databaseUrl?: string; concurrency?: number; pollMs?: number },
): Promise<void> {
  const concurrency = opts.concurrency ?? SEND_CONCURRENCY;
  const pollMs = opts.pollMs ?? POLL_MS;
  const batch = Math.max(1, Math.ceil(concurrency / 2));
  const inFlight = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  // `wakeable`: a send finishing with enough room freed ends the pause (the loop was full)
  const pause = (ms: number, wakeable = false) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        opts.signal.removeEventListener("abort", done);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      opts.signal.addEventListener("abort", done, { once: true });
      if (wakeable) wake = done;
    });

  while (!opts.signal.aborted) {
    const room = concurrency - inFlight.size;
    if (room < batch) {
      await pause(pollMs, true);
      continue;
    }
    let claimed: ClaimedEmail[];
    try {
      claimed = await claimDueEmails(db, room);
    } catch (err) {
      if (opts.signal.aborted) break;
      log.warn({ err }, "could not take due emails");
      if (opts.databaseUrl && connectionErrorKind(err)) {
        await waitForDatabase(opts.databaseUrl, { timeoutMs: 60_000, signal: opts.signal });
      } else await pause(pollMs * 4);
      continue;
    }
    for (const email of claimed) {
      const send: Promise<void> = sendClaimedEmail(db, email)
        .then(
          () => undefined,
          // a send that threw (the database lost mid-way) leaves its row `sending`: recoverStuckSends
          (err) => log.error({ err, sentEmailId: email.sent.id }, "send failed"),
        )
        .finally(() => {
          inFlight.delete(send);
          if (concurrency - inFlight.size >= batch) wake?.();
        });
      inFlight.add(send);
    }
    if (claimed.length < room) await pause(pollMs);
  }
  await Promise.all(inFlight);
}
