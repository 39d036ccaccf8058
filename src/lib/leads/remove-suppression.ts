import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { suppressions } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/**
 * Lift a suppression: the address or domain can be emailed again. Leads marked unsubscribed or
 * bounced keep that status; it records what happened.
 */
export async function removeSuppression(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  const rows = await db
    .delete(suppressions)
    .where(and(eq(suppressions.workspaceId, workspaceId), eq(suppressions.id, id)))
    .returning({ id: suppressions.id });
  if (rows.length === 0) throw notFound("suppression");
}
