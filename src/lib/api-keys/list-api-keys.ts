import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { type ApiKeyView, toApiKeyView } from "./api-key-view";
import { selectApiKeys } from "./select-api-keys";

export async function listApiKeys(db: DbOrTx, workspaceId: string): Promise<ApiKeyView[]> {
  const rows = await selectApiKeys(db)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toApiKeyView);
}
