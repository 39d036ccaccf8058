import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type ProviderAccount, providerAccounts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** The account row; with `workspaceId`, another workspace's account is "not found". */
export async function findProviderAccount(
  db: DbOrTx,
  id: string,
  workspaceId?: string,
): Promise<ProviderAccount> {
  const [a] = await db
    .select()
    .from(providerAccounts)
    .where(
      workspaceId
        ? and(eq(providerAccounts.id, id), eq(providerAccounts.workspaceId, workspaceId))
        : eq(providerAccounts.id, id),
    );
  if (!a) throw notFound("Provider account");
  return a;
}
