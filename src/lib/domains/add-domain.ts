import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { AddDomain } from "./api-schemas";
import { assertTrackingHost } from "./assert-tracking-host";
import { toDomainView } from "./domain-view";
import { startDomainDns } from "./start-domain-dns";

/**
 * Add a domain bought elsewhere. With `dns` its DNS starts too: managed (a connected provider or
 * the platform's; setup job) or manual (records to paste; verification job). One transaction;
 * the job is queued after it commits.
 */
export async function addDomain(db: Db, workspaceId: string, input: z.output<typeof AddDomain>) {
  assertTrackingHost(input.name, input.trackingHost);
  const { row, after } = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(domains)
      .values({
        id: crypto.randomUUID(),
        workspaceId,
        name: input.name,
        source: "external",
        trackingHost: input.trackingHost ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new AppError("conflict", `${input.name} is already one of this workspace's domains`);
    const after = input.dns ? await startDomainDns(tx, inserted, input.dns, input.settings) : null;
    const [row] = await tx.select().from(domains).where(eq(domains.id, inserted.id));
    return { row: row!, after };
  });
  if (after) await after();
  return toDomainView(row);
}
