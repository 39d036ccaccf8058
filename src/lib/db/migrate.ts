import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { logger } from "@/lib/logger";

// Any constant works; it only has to be the same in every process of this app.
const MIGRATION_LOCK = 7_302_115_001;

export const migrationsFolder = path.resolve(process.cwd(), "drizzle");

/**
 * Apply the committed SQL migrations. Held under a session advisory lock so that processes
 * starting at once (web, workers on several machines) apply them exactly once: the others wait,
 * then find nothing left to do.
 */
export async function runMigrations(databaseUrl: string, folder = migrationsFolder): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: folder });
    logger.debug("database migrations applied");
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
