import { setTimeout as sleep } from "node:timers/promises";
import type { PgBoss } from "pg-boss";
import type { z } from "zod";
import { connectionErrorKind } from "@/lib/db/connection-error-kind";
import { waitForDatabase } from "@/lib/db/wait-for-database";
import { logger } from "@/lib/logger";
import { startBoss } from "./boss";
import type { JobDefinition } from "./define-job";

export type JobContext = {
  jobId: string;
  retryCount: number;
  /** no retry follows this run if it throws (retryCount has reached the job's retry limit) */
  finalAttempt: boolean;
  log: typeof logger;
};
export type JobHandler<S extends z.ZodType = z.ZodType> = (
  payload: z.output<S>,
  ctx: JobContext,
) => Promise<unknown>;
export type HandlerMap<D extends readonly JobDefinition[]> = {
  [K in D[number] as K["name"]]: JobHandler<K["payload"]>;
};

export type RunningWorker = { boss: PgBoss; stop: (timeoutMs?: number) => Promise<void> };

/**
 * Work that is not a pg-boss job: a loop taking its own queue (the send loop takes the queued
 * `sent_emails` rows), by name. It runs until the signal aborts, then returns once the work it
 * holds is finished.
 */
export type WorkerLoops = Record<string, (signal: AbortSignal, databaseUrl: string) => Promise<void>>;

/**
 * Take jobs from every queue in `definitions`. Payloads are re-validated here: a payload that
 * does not parse is dead-lettered at once (retrying cannot fix it); a handler that throws is
 * retried by the queue's policy; one that failed because the database went away is run again
 * once it is back (runThroughOutage). `loops` run beside the jobs. stop() stops taking jobs and
 * waits for the ones in flight, and for the loops to finish theirs.
 */
export async function startWorker<const D extends readonly JobDefinition[]>(opts: {
  databaseUrl: string;
  definitions: D;
  handlers: HandlerMap<D>;
  concurrency?: number;
  loops?: WorkerLoops;
}): Promise<RunningWorker> {
  const boss = await startBoss(opts.databaseUrl, "worker", opts.definitions);
  const handlers = opts.handlers as Record<string, JobHandler>;
  const stopping = new AbortController();
  for (const def of opts.definitions) {
    const handler = handlers[def.name];
    if (!handler) throw new Error(`no handler for job ${def.name}`);
    // `concurrency` runs at once, fetched `batchSize` at a time by concurrency / batchSize loops;
    // a loop whose fetch came back full fetches again at once (burstWhenBatchFull), one that came
    // back short waits for the poll
    const concurrency = def.concurrency ?? opts.concurrency ?? 2;
    const batchSize = Math.min(def.batchSize ?? 1, concurrency);
    await boss.work(
      def.name,
      {
        batchSize,
        burstWhenBatchFull: batchSize > 1,
        perJobResults: true,
        localConcurrency: Math.ceil(concurrency / batchSize),
        pollingIntervalSeconds: 0.5,
      },
      async (batch) =>
        Promise.all(
          batch.map(async (job) => {
            const log = logger.child({ job: def.name, jobId: job.id });
            const parsed = def.payload.safeParse(job.data);
            if (!parsed.success) {
              log.error({ issues: parsed.error.issues }, "bad job payload: dead-lettered without retry");
              return { id: job.id, status: "deadletter" as const, output: { error: "invalid payload" } };
            }
            const started = Date.now();
            try {
              const retryCount = job.retryCount ?? 0;
              const ctx = { jobId: job.id, retryCount, finalAttempt: retryCount >= def.retry.limit, log };
              const output = await runThroughOutage(() => handler(parsed.data, ctx), {
                databaseUrl: opts.databaseUrl,
                maxWaitMs: Math.min(OUTAGE_MAX_WAIT_MS, ((def.expireInSeconds ?? 900) * 1000) / 2),
                signal: stopping.signal,
                log,
              });
              log.debug({ ms: Date.now() - started }, "job completed");
              return {
                id: job.id,
                status: "completed" as const,
                output: (output ?? undefined) as object | undefined,
              };
            } catch (err) {
              log.warn({ err, ms: Date.now() - started }, "job failed");
              const message = err instanceof Error ? err.message : String(err);
              return { id: job.id, status: "failed" as const, output: { error: message } };
            }
          }),
        ),
    );
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  }
  const loops = Object.entries(opts.loops ?? {}).map(([name, run]) =>
    run(stopping.signal, opts.databaseUrl).catch((err) =>
      logger.error({ err, loop: name }, "worker loop failed"),
    ),
  );
  logger.info(
    { queues: opts.definitions.map((d) => d.name), loops: Object.keys(opts.loops ?? {}) },
    "worker taking jobs",
  );
  return {
    boss,
    stop: async (timeoutMs = 30_000) => {
      stopping.abort(); // a job waiting for the database gives up and fails as it is; loops stop taking work
      // graceful: stop fetching, wait for in-flight handlers (up to the timeout), then close the pool.
      await Promise.all([
        boss.stop({ graceful: true, close: true, timeout: timeoutMs }),
        Promise.race([Promise.all(loops), sleep(timeoutMs, undefined, { ref: false })]),
      ]);
    },
  };
}

/** Runs of one job after a database outage, each after waiting at most this long for the database. */
const OUTAGE_RERUNS = 3;
const OUTAGE_MAX_WAIT_MS = 120_000;

/**
 * Run a handler; if it failed because the database went away (restarted, failed over, its
 * connection killed), wait until the database answers and run it again instead of failing the
 * job. Failing it would itself need the database: the job would stay active until it expired and
 * then wait for its retry delay, minutes for a restart of seconds. Every job is safe to run twice
 * (docs/architecture.md, "Jobs"); a send that already reached the SMTP server is recorded by
 * recordSent's own retries and is never claimed again. A socket error while the database answers
 * at once came from another server (an IMAP host, a webhook endpoint): it fails as before.
 */
async function runThroughOutage<T>(
  run: () => Promise<T>,
  x: { databaseUrl: string; maxWaitMs: number; signal: AbortSignal; log: typeof logger },
): Promise<T> {
  for (let rerun = 0; ; rerun++) {
    try {
      return await run();
    } catch (err) {
      const kind = connectionErrorKind(err);
      if (!kind || rerun >= OUTAGE_RERUNS || x.signal.aborted) throw err;
      const db = await waitForDatabase(x.databaseUrl, { timeoutMs: x.maxWaitMs, signal: x.signal });
      if (!db.up || (kind === "network" && !db.waited)) throw err;
      x.log.warn({ err }, "the database connection was lost during the job: running it again");
    }
  }
}
