import { decryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { WEBHOOK_TEST_EVENT } from "./event-types";
import { findWebhookEndpoint } from "./find-webhook-endpoint";
import { type SendOptions, type SendResult, sendWebhook } from "./send-webhook";

/**
 * Send a signed `webhook.test` event to one endpoint now and report how it answered. Not stored
 * and not retried: it is for checking a receiver's URL and signature verification.
 */
export async function testWebhookEndpoint(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  opts: SendOptions = {},
): Promise<SendResult> {
  const endpoint = await findWebhookEndpoint(db, workspaceId, id);
  const now = opts.now ?? new Date();
  return sendWebhook(
    { url: endpoint.url, secret: decryptSecret(endpoint.secretEnc) },
    {
      id: crypto.randomUUID(),
      type: WEBHOOK_TEST_EVENT,
      createdAt: now.toISOString(),
      workspaceId,
      data: { message: "A test event from Coldframe: your endpoint is reachable." },
    },
    { ...opts, now },
  );
}
