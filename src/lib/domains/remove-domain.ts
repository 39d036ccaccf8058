import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domains } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

export async function removeDomain(db: DbOrTx, workspaceId: string, id: string) {
  const deleted = await db
    .delete(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, id)))
    .returning({ id: domains.id });
  if (deleted.length === 0) throw notFound("domain");
}
