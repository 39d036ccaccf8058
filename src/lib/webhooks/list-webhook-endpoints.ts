import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { webhookEndpoints } from "@/lib/db/schema";
import { toWebhookView, type WebhookView } from "./webhook-view";

export async function listWebhookEndpoints(db: DbOrTx, workspaceId: string): Promise<WebhookView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(toWebhookView);
}
