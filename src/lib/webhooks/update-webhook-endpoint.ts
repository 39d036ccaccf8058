import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { UpdateWebhook } from "./api-schemas";
import { toWebhookView, type WebhookView } from "./webhook-view";

/** Enable or disable an endpoint: a disabled one gets no new deliveries, and its pending ones fail unsent. */
export async function updateWebhookEndpoint(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  input: z.output<typeof UpdateWebhook>,
): Promise<WebhookView> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ active: input.enabled })
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning();
  if (!row) throw notFound("webhook");
  return toWebhookView(row);
}
