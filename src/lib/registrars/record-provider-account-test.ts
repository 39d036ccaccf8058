import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { providerAccounts } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { ProviderAccountView } from "./provider-account-types";
import { providerAccountView } from "./provider-account-view";

/** Records a connection test's outcome on the account. */
export async function recordProviderAccountTest(
  db: DbOrTx,
  id: string,
  outcome: { ok: true } | { ok: false; error: string },
): Promise<ProviderAccountView> {
  const now = new Date();
  const [updated] = await db
    .update(providerAccounts)
    .set({
      status: outcome.ok ? "ok" : "error",
      lastError: outcome.ok ? null : outcome.error.slice(0, 500),
      lastTestedAt: now,
      updatedAt: now,
    })
    .where(eq(providerAccounts.id, id))
    .returning();
  if (!updated) throw notFound("Provider account");
  return providerAccountView(updated);
}
