import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { assertTrackingHost } from "./assert-tracking-host";
import { toDomainView } from "./domain-view";
import { findDomain } from "./find-domain";
import { renewalViews } from "./renewals/renewal-views";

export async function setTrackingHost(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  trackingHost: string | null,
) {
  const current = await findDomain(db, workspaceId, id);
  assertTrackingHost(current.name, trackingHost);
  const [row] = await db
    .update(domains)
    .set({ trackingHost, updatedAt: new Date() })
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)))
    .returning();
  return toDomainView(row!, (await renewalViews(db, [row!])).get(row!.id) ?? null);
}
