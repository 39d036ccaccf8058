import { z } from "zod";

export type RetryPolicy = {
  /** retries after the first attempt */
  limit: number;
  /** seconds before the first retry */
  delaySeconds: number;
  /** double the delay each retry (with jitter) */
  backoff: boolean;
  maxDelaySeconds?: number;
};

export type JobDefinition<N extends string = string, S extends z.ZodType = z.ZodType> = {
  name: N;
  payload: S;
  retry: RetryPolicy;
  /** cron expression (UTC) for scheduled jobs; the payload is then `{}` */
  cron?: string;
  /** how long one run may take before pg-boss considers it lost and retries it */
  expireInSeconds?: number;
  /** runs of this job one worker process takes at once */
  concurrency?: number;
  /**
   * jobs taken in one fetch (one statement and one commit for the lot, and one to settle them);
   * with a full batch the next fetch follows at once, so a backlog never waits for the poll
   */
  batchSize?: number;
};

/** Keeps the literal name and payload type, so enqueue() and the handler map are compiler-checked. */
export const defineJob = <const N extends string, S extends z.ZodType>(def: JobDefinition<N, S>) => def;

/** The payload of a scheduled job: nothing. */
export const noPayload = () => z.object({}).strict();

/** The payload of a job about one row: `{ [key]: its id }`. */
export const rowPayload = <const K extends string>(key: K) =>
  z.object({ [key]: z.string().min(1) } as { [P in K]: z.ZodString }).strict();

/**
 * A scheduled sweep: no payload, and no retry (its next scheduled run is the retry, a minute or a
 * day later), so a failing sweep never piles up behind itself.
 */
export const defineSweep = <const N extends string>(
  name: N,
  cron: string,
  opts: Pick<JobDefinition, "expireInSeconds"> = {},
) =>
  defineJob({
    name,
    payload: noPayload(),
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    cron,
    ...opts,
  });
