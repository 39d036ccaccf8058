import type { PgBoss } from "pg-boss";
import type { z } from "zod";
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
 * Take jobs from every queue in `definitions`. Payloads are re-validated here: a payload that
 * does not parse is dead-lettered at once (retrying cannot fix it); a handler that throws is
 * retried by the queue's policy. stop() stops taking jobs and waits for the ones in flight.
 */
export async function startWorker<const D extends readonly JobDefinition[]>(opts: {
  databaseUrl: string;
  definitions: D;
  handlers: HandlerMap<D>;
  concurrency?: number;
}): Promise<RunningWorker> {
  const boss = await startBoss(opts.databaseUrl, "worker", opts.definitions);
  const handlers = opts.handlers as Record<string, JobHandler>;
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
              const output = await handler(parsed.data, {
                jobId: job.id,
                retryCount,
                finalAttempt: retryCount >= def.retry.limit,
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
  logger.info({ queues: opts.definitions.map((d) => d.name) }, "worker taking jobs");
  return {
    boss,
    stop: async (timeoutMs = 30_000) => {
      // graceful: stop fetching, wait for in-flight handlers (up to the timeout), then close the pool.
      await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
    },
  };
}
