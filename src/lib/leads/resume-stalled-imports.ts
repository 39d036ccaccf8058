import { and, inArray, lt } from "drizzle-orm";
import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { DbOrTx } from "@/lib/db/client";
import { leadImports } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import { importLockKey } from "./run-lead-import";

/** An import younger than this may simply be waiting for its first job to be picked up. */
const GRACE_MS = 2 * 60_000;

/**
 * The safety net behind the import job's retries: an import still pending or running whose lock
 * nobody holds has lost its job (a worker killed after the job expired, retries used up while
 * another worker still ran it, a queue wiped). Queue it again; it continues from its checkpoint.
 * Runs on a schedule; harmless when there is nothing to do or when two workers run it at once.
 */
export async function resumeStalledImports(db: DbOrTx, now = new Date()): Promise<{ resumed: number }> {
  const candidates = await db
    .select({ id: leadImports.id })
    .from(leadImports)
    .where(
      and(
        inArray(leadImports.status, ["pending", "running"]),
        lt(leadImports.createdAt, new Date(now.getTime() - GRACE_MS)),
      ),
    )
    .limit(100);
  if (candidates.length === 0) return { resumed: 0 };
  let resumed = 0;
  for (const { id } of candidates) {
    const lock = await tryAdvisoryLock(importLockKey(id));
    if (!lock) continue; // a worker is on it
    await lock.release();
    await enqueue("leads.import", { importId: id }, { singletonKey: id });
    resumed++;
  }
  return { resumed };
}
