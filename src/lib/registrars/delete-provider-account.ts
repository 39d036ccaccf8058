import { and, eq, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domains, providerAccounts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { findProviderAccount } from "./find-provider-account";

export async function deleteProviderAccount(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await findProviderAccount(db, id, workspaceId);
  const [used] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(domains)
    .where(
      and(
        eq(domains.workspaceId, workspaceId),
        or(eq(domains.registrarAccountId, id), eq(domains.dnsAccountId, id)),
      ),
    );
  const n = used?.n ?? 0;
  if (n > 0) {
    throw new AppError(
      "conflict",
      `This account is used by ${n} domain${n === 1 ? "" : "s"}; it cannot be removed while they use it`,
    );
  }
  await db
    .delete(providerAccounts)
    .where(and(eq(providerAccounts.id, id), eq(providerAccounts.workspaceId, workspaceId)));
}
