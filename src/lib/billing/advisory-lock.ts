import { getPool } from "@/lib/db/client";

export type HeldLock = { release: () => Promise<void> };

/**
 * A PostgreSQL session advisory lock on a connection of its own, for work that spans calls to
 * other services (a registrar, Stripe) and so cannot sit in one transaction. Null when another
 * process holds it. If this process dies, its connection closes and the lock goes with it.
 */
export async function tryAdvisoryLock(key: string): Promise<HeldLock | null> {
  const client = await getPool().connect();
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
  return {
    release: async () => {
      try {
        await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
        client.release();
      } catch (err) {
        client.release(err as Error); // a broken connection is dropped, and its lock with it
      }
    },
  };
}
