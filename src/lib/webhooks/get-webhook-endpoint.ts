import type { DbOrTx } from "@/lib/db/client";
import { findWebhookEndpoint } from "./find-webhook-endpoint";
import { toWebhookView } from "./webhook-view";

export async function getWebhookEndpoint(db: DbOrTx, workspaceId: string, id: string) {
  return toWebhookView(await findWebhookEndpoint(db, workspaceId, id));
}
