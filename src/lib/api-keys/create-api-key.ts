import type { DbOrTx } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { generateApiKeyToken, hashApiKey } from "./api-key-token";
import type { ApiKeyView } from "./api-key-view";
import { getApiKey } from "./get-api-key";

/** Create a key; the returned token is the only time it exists outside its hash. */
export async function createApiKey(
  db: DbOrTx,
  opts: { workspaceId: string; name: string; createdByUserId: string },
): Promise<{ token: string; apiKey: ApiKeyView }> {
  const token = generateApiKeyToken();
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: crypto.randomUUID(),
      workspaceId: opts.workspaceId,
      name: opts.name,
      prefix: token.slice(0, 10),
      keyHash: hashApiKey(token),
      createdByUserId: opts.createdByUserId,
    })
    .returning({ id: apiKeys.id });
  return { token, apiKey: await getApiKey(db, opts.workspaceId, row!.id) };
}
