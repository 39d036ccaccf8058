import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** Delete it with its deliveries (pending ones are then skipped by their jobs). */
export async function deleteWebhookEndpoint(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound("webhook");
}
