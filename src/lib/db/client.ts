import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { env } from "@/lib/config/env";
import { ensureEmbeddedPostgres } from "./embedded";
import * as schema from "./schema";

/** The application_name of the app's pooled connections (web, worker and CLI alike). */
export const APPLICATION_NAME = "coldframe";

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: query functions take this first. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

type State = { url: string; pool: pg.Pool; db: Db; stopEmbedded?: () => Promise<void> };
// On globalThis so Next.js bundles and dev reloads share one pool per process.
const g = globalThis as unknown as { __coldframeDb?: State };

/**
 * Resolve the database once per process: DATABASE_URL when set, otherwise the embedded server in
 * DATA_DIR (started, or attached to if another process runs it). Sets DATABASE_URL so child
 * processes and later calls use the same server.
 */
export async function initDatabase(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const handle = await ensureEmbeddedPostgres(env().DATA_DIR);
  process.env.DATABASE_URL = handle.url;
  if (handle.owned) embeddedStop = handle.stop;
  return handle.url;
}
let embeddedStop: (() => Promise<void>) | undefined;

export function getDb(): Db {
  return state().db;
}

export function getPool(): pg.Pool {
  return state().pool;
}

function state(): State {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not resolved: call initDatabase() at process start");
  if (g.__coldframeDb && g.__coldframeDb.url === url) return g.__coldframeDb;
  // named, so pg_stat_activity tells the app's connections from pg-boss's ("pgboss:…") and others
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 30_000,
    application_name: APPLICATION_NAME,
  });
  pool.on("error", () => {}); // idle client errors (server restart) surface on the next query instead
  // A connection checked out of the pool (a transaction between statements, a held advisory lock)
  // has no error listener of the pool's: a server restart or pg_terminate_backend would emit an
  // unhandled 'error' on it and end the process (a worker holding an inbox-sync lock did). The
  // error surfaces on its next query instead, and the pool drops the connection on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  g.__coldframeDb = { url, pool, db: drizzle(pool, { schema }) };
  return g.__coldframeDb;
}

/** Close the pool, and stop the embedded server if this process started it. */
export async function closeDatabase(): Promise<void> {
  const s = g.__coldframeDb;
  g.__coldframeDb = undefined;
  await s?.pool.end();
  const stop = embeddedStop;
  embeddedStop = undefined;
  await stop?.();
}
