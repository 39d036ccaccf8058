import type pg from "pg";

/** The staged rows' columns, in the order copyTextRow writes them. */
export const STAGED_COLUMNS =
  "line, email, first_name, last_name, company, title, phone, website, custom_fields" as const;

/**
 * Run `fn` with the import's staging tables on this connection: `import_chunk`, the good rows of
 * the chunk being written (emptied at every commit), and `import_seen`, each email of the file
 * with the line it first appears on (duplicates within the file are found against it, in
 * PostgreSQL rather than in a map of every address in memory). Temporary tables: nothing is
 * written to the WAL, nothing outlives the session, and two imports on two connections never see
 * each other's. A run that dies loses them; the next run rebuilds `import_seen` from the file up
 * to its checkpoint (see importRows).
 */
export async function withImportStaging<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  // a pooled connection may carry a previous run's tables if dropping them failed
  await client.query("drop table if exists pg_temp.import_chunk, pg_temp.import_seen");
  await client.query(`
    create temp table import_chunk (
      line integer not null, email text not null, first_name text, last_name text, company text,
      title text, phone text, website text, custom_fields jsonb
    ) on commit delete rows`);
  await client.query("create temp table import_seen (email text primary key, line integer not null)");
  try {
    return await fn();
  } finally {
    // a broken connection is discarded by the caller, and its tables with it
    await client.query("drop table if exists pg_temp.import_chunk, pg_temp.import_seen").catch(() => {});
  }
}
