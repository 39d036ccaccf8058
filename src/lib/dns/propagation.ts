import type { Db } from "@/lib/db/client";
import type { JobContext } from "@/lib/queue/run-worker";

// Placeholder until this part is built (the job fails loudly rather than pretending).
export async function runDnsVerification(_db: Db, domainId: string, _ctx: JobContext): Promise<void> {
  throw new Error(`runDnsVerification: not built yet (domain ${domainId})`);
}
