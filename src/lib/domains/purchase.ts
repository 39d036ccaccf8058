import type { Db } from "@/lib/db/client";
import type { JobContext } from "@/lib/queue/run-worker";

// Placeholder until this part is built (the job fails loudly rather than pretending).
export async function runDomainPurchase(_db: Db, domainId: string, _ctx: JobContext): Promise<void> {
  throw new Error(`runDomainPurchase: not built yet (domain ${domainId})`);
}
