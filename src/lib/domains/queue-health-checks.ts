import { inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";

/** What the daily run re-checks: set up (active) or waiting on DNS records the user pastes. */
const DAILY = ["verifying_dns", "active"] as const;

/** Cron `domains.health-check-all` (daily): one health-check job per set-up domain. */
export async function queueHealthChecks(db: Db): Promise<{ queued: number }> {
  const rows = await db
    .select({ id: domains.id })
    .from(domains)
    .where(inArray(domains.status, [...DAILY]));
  for (const { id } of rows) {
    // at most one queued check per domain, whoever asks for it (the verify job uses the same key)
    await enqueue("domains.health-check", { domainId: id }, { singletonKey: `health-check:${id}` });
  }
  return { queued: rows.length };
}
