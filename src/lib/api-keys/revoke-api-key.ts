import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import type { ApiKeyView } from "./api-key-view";
import { getApiKey } from "./get-api-key";

/** Revoke; revoking twice is fine. A key of another workspace is "not found", never "forbidden". */
export async function revokeApiKey(db: DbOrTx, workspaceId: string, id: string): Promise<ApiKeyView> {
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  return getApiKey(db, workspaceId, id);
}
