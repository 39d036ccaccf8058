import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { BOSS_SCHEMA } from "@/lib/queue/boss";

/**
 * Database and queue state for /api/health. The queue is read straight from pg-boss's tables, so
 * a web process reports it without starting a pg-boss instance of its own.
 */
export async function checkHealth(db: Db) {
  const database: { ok: boolean; latencyMs?: number; error?: string } = { ok: false };
  const started = performance.now();
  try {
    await db.execute(sql`select 1`);
    database.ok = true;
    database.latencyMs = Math.round((performance.now() - started) * 10) / 10;
  } catch (err) {
    database.error = err instanceof Error ? err.message : "unreachable";
  }

  const queue: { ok: boolean; queues?: { name: string; queued: number; active: number }[]; error?: string } =
    {
      ok: false,
    };
  if (database.ok) {
    try {
      const { rows } = await db.execute<{ name: string; queued: number; active: number }>(sql`
        select q.name,
               count(j.id) filter (where j.state in ('created', 'retry'))::int as queued,
               count(j.id) filter (where j.state = 'active')::int as active
        from ${sql.identifier(BOSS_SCHEMA)}.queue q
        left join ${sql.identifier(BOSS_SCHEMA)}.job j on j.name = q.name
        group by q.name order by q.name`);
      queue.ok = true;
      queue.queues = rows;
    } catch {
      queue.error = "job queue not installed yet: start the worker (npm run worker)";
    }
  }
  return { status: database.ok && queue.ok ? ("ok" as const) : ("degraded" as const), database, queue };
}
