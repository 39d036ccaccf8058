import { z } from "zod";
import { defineJob } from "./define-job";

/**
 * Every background job, by name. Definitions only (payload schema, retry policy, cron): the web
 * process imports this to enqueue without loading any handler. Handlers are in ./processors and
 * wired in ./handlers.ts, which the compiler checks against this list.
 */
export const maintenanceCleanup = defineJob({
  name: "maintenance.cleanup",
  payload: z.object({}).strict(),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  cron: "*/15 * * * *",
});

export const jobs = [maintenanceCleanup] as const;

export type AppJob = (typeof jobs)[number];
export type JobName = AppJob["name"];
export type PayloadOf<N extends JobName> = z.input<Extract<AppJob, { name: N }>["payload"]>;
