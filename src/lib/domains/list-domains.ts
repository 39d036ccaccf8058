import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { toDomainView } from "./domain-view";
import { renewalViews } from "./renewals/renewal-views";

export async function listDomains(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(domains)
    .where(eq(domains.workspaceId, workspaceId))
    .orderBy(asc(domains.name));
  const renewals = await renewalViews(db, rows);
  return rows.map((d) => toDomainView(d, renewals.get(d.id) ?? null));
}
