import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { type ApiKeyView, toApiKeyView } from "./api-key-view";
import { selectApiKeys } from "./select-api-keys";

export async function getApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<ApiKeyView> {
  const [row] = await selectApiKeys(db)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
    .limit(1);
  if (!row) throw notFound("API key");
  return toApiKeyView(row);
}
