import type { Db } from "@/lib/db/client";
import type { JobContext } from "@/lib/queue/run-worker";

// Placeholder until this part is built (the job fails loudly rather than pretending).
export async function runHealthCheck(_db: Db, domainId: string, _ctx: JobContext): Promise<void> {
  throw new Error(`runHealthCheck: not built yet (domain ${domainId})`);
}

export async function queueHealthChecks(_db: Db): Promise<{ queued: number }> {
  return { queued: 0 };
}
