import { PgBoss } from "pg-boss";
import { logger } from "@/lib/logger";
import type { JobDefinition } from "./define-job";

export const BOSS_SCHEMA = "pgboss";

export type BossRole = "producer" | "worker";

/**
 * A pg-boss instance on the app's database. Producers (web, CLI) only send jobs; workers also
 * supervise (expire, retry, archive) and run cron schedules. pg-boss installs and migrates its
 * own schema under its own advisory lock.
 */
export async function startBoss(databaseUrl: string, role: BossRole, definitions: readonly JobDefinition[]) {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: BOSS_SCHEMA,
    max: role === "worker" ? 10 : 4,
    supervise: role === "worker",
    schedule: role === "worker",
  });
  boss.on("error", (err) => logger.error({ err }, "pg-boss error"));
  await boss.start();
  await ensureQueues(boss, definitions);
  return boss;
}

export async function ensureQueues(boss: PgBoss, definitions: readonly JobDefinition[]) {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const def of definitions) {
    if (existing.has(def.name)) continue;
    await boss.createQueue(def.name, {
      retryLimit: def.retry.limit,
      retryDelay: def.retry.delaySeconds,
      retryBackoff: def.retry.backoff,
      ...(def.retry.maxDelaySeconds ? { retryDelayMax: def.retry.maxDelaySeconds } : {}),
      ...(def.expireInSeconds ? { expireInSeconds: def.expireInSeconds } : {}),
    });
  }
}
