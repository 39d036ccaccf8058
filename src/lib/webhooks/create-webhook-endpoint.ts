import type { z } from "zod";
import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { webhookEndpoints } from "@/lib/db/schema";
import type { CreateWebhook } from "./api-schemas";
import { assertWebhookUrl } from "./assert-webhook-url";
import { generateWebhookSecret } from "./generate-webhook-secret";
import { toWebhookView, type WebhookView } from "./webhook-view";

/** Create an endpoint; the returned secret is the only time it leaves the database in clear. */
export async function createWebhookEndpoint(
  db: DbOrTx,
  workspaceId: string,
  input: z.output<typeof CreateWebhook>,
): Promise<{ secret: string; webhook: WebhookView }> {
  await assertWebhookUrl(input.url);
  const secret = generateWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      url: input.url,
      secretEnc: encryptSecret(secret),
      eventTypes: [...new Set(input.eventTypes)],
    })
    .returning();
  return { secret, webhook: toWebhookView(row!) };
}
