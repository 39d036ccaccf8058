import { env } from "@/lib/config/env";
import { closeDatabase, initDatabase } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { logger } from "@/lib/logger";
import { closeMailboxTransports } from "@/lib/mailboxes/mailbox-transport-pool";
import { jobs } from "@/lib/queue/jobs";
import { startWorker } from "@/lib/queue/run-worker";
import { handlers, loops } from "./worker/handlers";

/**
 * The worker process: runs every background job. Start as many as needed, on as many machines as
 * needed, against one PostgreSQL; jobs are claimed with SKIP LOCKED, so each runs once.
 */
async function main() {
  const config = env();
  const url = await initDatabase();
  await runMigrations(url);
  const worker = await startWorker({
    databaseUrl: url,
    definitions: jobs,
    handlers,
    loops,
    concurrency: config.WORKER_CONCURRENCY,
  });
  logger.info("worker ready");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing jobs in flight");
    try {
      await worker.stop();
      await closeMailboxTransports(); // after the jobs in flight, whose sends use them
      await closeDatabase();
      logger.info("worker stopped");
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "worker did not stop cleanly");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  logger.fatal({ err }, "worker failed to start");
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
