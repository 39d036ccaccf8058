import type pg from "pg";
import { getPool } from "./client";

export type HeldLock = {
  /** The connection that holds the lock, for work that must share its session (temporary tables). */
  client: pg.PoolClient;
  release: () => Promise<void>;
};

/**
 * PostgreSQL session advisory locks, each on a connection of its own, for work that spans calls to
 * other services (a registrar, a DNS provider, Stripe, an IMAP server) and so cannot sit in one
 * transaction. The key is any string, hashed to a bigint in SQL. If this process dies, its
 * connection closes and the lock goes with it.
 */

/** The lock if it is free now, else null (another process holds it). */
export async function tryAdvisoryLock(key: string, opts: { pool?: pg.Pool } = {}): Promise<HeldLock | null> {
  const client = await (opts.pool ?? getPool()).connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      "select pg_try_advisory_lock(hashtextextended($1, 0)) as ok",
      [key],
    );
    if (!rows[0]?.ok) {
      client.release();
      return null;
    }
  } catch (err) {
    client.release();
    throw err;
  }
  return heldOn(client, key);
}

/** The lock, waiting for it while another process holds it (up to `timeoutSeconds`, then throws). */
export async function advisoryLock(key: string, opts: { timeoutSeconds: number }): Promise<HeldLock> {
  const client = await getPool().connect();
  try {
    // a pooled connection keeps session settings: lock_timeout is reset when the lock is released
    await client.query(`set lock_timeout = '${Math.max(1, Math.floor(opts.timeoutSeconds))}s'`);
    await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [key]);
  } catch (err) {
    client.release(err as Error); // never hand back a connection with our lock_timeout set
    throw err;
  }
  return heldOn(client, key, "reset lock_timeout");
}

function heldOn(client: pg.PoolClient, key: string, cleanup?: string): HeldLock {
  return {
    client,
    release: async () => {
      try {
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
        if (cleanup) await client.query(cleanup);
        client.release();
      } catch (err) {
        client.release(err as Error); // a broken connection is dropped, and its lock with it
      }
    },
  };
}
