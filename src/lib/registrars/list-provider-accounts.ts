import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { providerAccounts } from "@/lib/db/schema";
import type { ProviderAccountView, ProviderKind } from "./provider-account-types";
import { providerAccountView } from "./provider-account-view";

export async function listProviderAccounts(
  db: DbOrTx,
  workspaceId: string,
  kind?: ProviderKind,
): Promise<ProviderAccountView[]> {
  const rows = await db
    .select()
    .from(providerAccounts)
    .where(
      kind
        ? and(eq(providerAccounts.workspaceId, workspaceId), eq(providerAccounts.kind, kind))
        : eq(providerAccounts.workspaceId, workspaceId),
    )
    .orderBy(desc(providerAccounts.createdAt));
  return rows.map(providerAccountView);
}
