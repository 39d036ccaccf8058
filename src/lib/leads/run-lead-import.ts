import { rm } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { DbOrTx } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";
import { leadImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { type Logger, logger } from "@/lib/logger";
import { type ImportCounters, importRows } from "./import-rows";
import { uploadPath } from "./receive-upload";

/** The session advisory lock a worker holds while it runs an import (hashed to a bigint in SQL). */
export const importLockKey = (importId: string) => `lead_import:${importId}`;

export type LeadImportRun =
  | ({ status: "completed" } & ImportCounters)
  | { status: "failed" | "skipped"; reason: string };

/**
 * The `leads.import` job. Safe on two workers: the run holds a session advisory lock on the
 * import for its whole length (a second worker sees it taken and leaves), and the lock goes with
 * the connection if the worker dies, so a retry can take over. Safe to retry: it continues from
 * the last committed chunk (see importRows) and does nothing once the import has finished.
 * Problems a retry cannot fix (no file, bad header) fail the import at once with the reason.
 */
export async function runLeadImport(
  pool: pg.Pool,
  opts: { importId: string; finalAttempt?: boolean; log?: Logger },
): Promise<LeadImportRun> {
  const log = opts.log ?? logger;
  const lock = await tryAdvisoryLock(importLockKey(opts.importId), { pool });
  if (!lock) return { status: "skipped", reason: "another worker is running this import" };
  const { client } = lock; // the import runs on the lock's connection: its staging tables live there
  // A connection that dies mid-run (a restart, a terminated backend) fails the query in flight,
  // which ends the run below; the client's 'error' event, with no listener, would crash the worker.
  const onError = (err: Error) =>
    log.warn({ err: err.message, importId: opts.importId }, "import connection lost");
  client.on("error", onError);
  try {
    const db = drizzle(client, { schema }) as unknown as DbOrTx;
    return await runLocked(db, client, opts.importId, opts.finalAttempt ?? false, log);
  } finally {
    await lock.release(); // unlocks, or drops a broken connection (and the lock with it)
    client.off("error", onError);
  }
}

async function runLocked(
  db: DbOrTx,
  client: pg.PoolClient,
  importId: string,
  finalAttempt: boolean,
  log: Logger,
): Promise<LeadImportRun> {
  const [row] = await db.select().from(leadImports).where(eq(leadImports.id, importId)).limit(1);
  if (!row) return { status: "skipped", reason: "the import no longer exists" };
  if (row.status === "completed" || row.status === "failed") {
    return {
      status: "skipped",
      reason: `the import has already ${row.status === "completed" ? "completed" : "failed"}`,
    };
  }
  await db.update(leadImports).set({ status: "running", error: null }).where(eq(leadImports.id, importId));
  const file = uploadPath(row.filePath);
  try {
    const counters = await importRows(client, row, file);
    await db
      .update(leadImports)
      .set({ status: "completed", bytesProcessed: row.fileBytes, finishedAt: new Date() })
      .where(eq(leadImports.id, importId));
    await rm(file, { force: true });
    log.info({ importId, ...counters }, "lead import completed");
    return { status: "completed", ...counters, bytesProcessed: row.fileBytes };
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    if (!(err instanceof AppError) && !missing && !finalAttempt) throw err; // the queue retries it
    const reason =
      err instanceof AppError
        ? err.message
        : missing
          ? "the uploaded file is no longer on the server: upload it again"
          : "the import stopped after repeated errors: upload the file again, or contact your administrator if it keeps failing";
    if (!(err instanceof AppError)) log.error({ err, importId }, "lead import failed");
    await db
      .update(leadImports)
      .set({ status: "failed", error: reason, finishedAt: new Date() })
      .where(eq(leadImports.id, importId));
    await rm(file, { force: true });
    return { status: "failed", reason };
  }
}
