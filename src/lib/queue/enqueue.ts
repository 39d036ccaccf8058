import type { PgBoss } from "pg-boss";
import { getDb } from "@/lib/db/client";
import { startBoss } from "./boss";
import { type JobName, jobs, type PayloadOf } from "./jobs";

const g = globalThis as unknown as { __coldframeBoss?: Promise<PgBoss> };

/** The process's producer instance (started on first use). */
export function producer(): Promise<PgBoss> {
  getDb(); // throws a clear error when the database is not resolved yet
  g.__coldframeBoss ??= startBoss(process.env.DATABASE_URL!, "producer", jobs).catch((err) => {
    g.__coldframeBoss = undefined;
    throw err;
  });
  return g.__coldframeBoss;
}

export type EnqueueOptions = {
  /** at most one queued job with this key (a job that is safe to enqueue twice) */
  singletonKey?: string;
  /** with singletonKey: at most one job with the key per this many seconds (throttling) */
  singletonSeconds?: number;
  startAfter?: Date | number;
};

/** Enqueue a job; the payload is checked against the job's schema here, and again in the worker. */
export async function enqueue<N extends JobName>(
  name: N,
  payload: PayloadOf<N>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  const def = jobs.find((j) => j.name === name)!;
  const data = def.payload.parse(payload) as object;
  const boss = await producer();
  return boss.send(name, data, {
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.singletonSeconds ? { singletonSeconds: options.singletonSeconds } : {}),
    ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
  });
}

export async function stopProducer(): Promise<void> {
  const boss = g.__coldframeBoss;
  g.__coldframeBoss = undefined;
  if (boss) await (await boss).stop({ graceful: false, close: true });
}
