import { sql } from "drizzle-orm";
import { getDb } from "../../../src/lib/db/client";

export type JobRow = {
  id: string;
  state: string;
  start_after: Date;
  singleton_key: string | null;
  data: unknown;
};

/**
 * The jobs of a queue in pg-boss's own table (any state), optionally only those with one of these
 * singleton keys or with this value in their payload: what tests check instead of waiting a fixed
 * time to see whether anything else runs.
 */
export async function jobsOf(
  name: string,
  match: { keys?: string[]; data?: [field: string, value: string] } = {},
): Promise<JobRow[]> {
  const { rows } = await getDb().execute<JobRow>(sql`
    select id, state::text as state, start_after, singleton_key, data from pgboss.job
    where name = ${name}
      ${match.keys ? sql`and singleton_key = any(${sql.param(match.keys)}::text[])` : sql``}
      ${match.data ? sql`and data->>${match.data[0]} = ${match.data[1]}` : sql``}
    order by created_on`);
  return rows;
}

/** How many of those jobs may still run (created, retry or active). */
export async function pendingJobs(name: string, match: Parameters<typeof jobsOf>[1] = {}): Promise<number> {
  const states = ["created", "retry", "active"];
  return (await jobsOf(name, match)).filter((j) => states.includes(j.state)).length;
}
