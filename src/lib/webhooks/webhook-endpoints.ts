import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { type WebhookEndpoint, webhookEndpoints } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { CreateWebhook, UpdateWebhook, Webhook } from "./api-schemas";
import { assertWebhookUrl } from "./assert-webhook-url";
import { redactUrlUserinfo } from "./redact-url-userinfo";

export type WebhookView = z.output<typeof Webhook>;

/**
 * The endpoint as the API shows it: never the secret, which exists in clear only at creation, nor
 * a password in its URL.
 */
export const toWebhookView = (e: WebhookEndpoint): WebhookView => ({
  id: e.id,
  url: redactUrlUserinfo(e.url),
  eventTypes: e.eventTypes,
  enabled: e.active,
  createdAt: e.createdAt.toISOString(),
});

export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

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

export async function listWebhookEndpoints(db: DbOrTx, workspaceId: string): Promise<WebhookView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, workspaceId))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(toWebhookView);
}

/** The row itself (with the encrypted secret), for lib code; another workspace's is "not found". */
export async function findWebhookEndpoint(db: DbOrTx, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
  if (!row) throw notFound("webhook");
  return row;
}

export async function getWebhookEndpoint(db: DbOrTx, workspaceId: string, id: string) {
  return toWebhookView(await findWebhookEndpoint(db, workspaceId, id));
}

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

/** Delete it with its deliveries (pending ones are then skipped by their jobs). */
export async function deleteWebhookEndpoint(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw notFound("webhook");
}
