import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { toDomainView } from "./domain-view";

export async function listDomains(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(domains)
    .where(eq(domains.workspaceId, workspaceId))
    .orderBy(asc(domains.name));
  return rows.map(toDomainView);
}
