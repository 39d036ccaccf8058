import type { DbOrTx } from "@/lib/db/client";
import { findWorkspaceRow } from "@/lib/db/find-workspace-row";
import { type WebhookEndpoint, webhookEndpoints } from "@/lib/db/schema";

/** The row itself (with the encrypted secret), for lib code; another workspace's is "not found". */
export const findWebhookEndpoint = (db: DbOrTx, workspaceId: string, id: string): Promise<WebhookEndpoint> =>
  findWorkspaceRow(db, webhookEndpoints, workspaceId, id, "webhook");
