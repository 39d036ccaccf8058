import { and, asc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { providerAccounts } from "@/lib/db/schema";
import { loadProviderAccount } from "./load-provider-account";
import { platformRegistrar } from "./platform-registrar";
import { registrarForCredentials } from "./registrar-for-credentials";
import type { Registrar } from "./types";

/**
 * The registrars a search asks, in preference order: the workspace's registrar accounts (oldest
 * first; ones whose last test failed are skipped), then the platform's Cloudflare, then the
 * platform's Name.com. Empty when none is configured: search then falls back to `rdapRegistrar()`.
 */
export async function searchRegistrars(
  db: DbOrTx,
  workspaceId: string,
): Promise<{ registrar: Registrar; accountId: string | null }[]> {
  const rows = await db
    .select({ id: providerAccounts.id })
    .from(providerAccounts)
    .where(
      and(
        eq(providerAccounts.workspaceId, workspaceId),
        eq(providerAccounts.kind, "registrar"),
        ne(providerAccounts.status, "error"),
      ),
    )
    .orderBy(asc(providerAccounts.createdAt));
  const out: { registrar: Registrar; accountId: string | null }[] = [];
  for (const r of rows) {
    const { credentials } = await loadProviderAccount(db, r.id, workspaceId);
    if (credentials.provider === "cloudflare" || credentials.provider === "namecom") {
      out.push({ registrar: registrarForCredentials(credentials), accountId: r.id });
    }
  }
  for (const id of ["cloudflare", "namecom"] as const) {
    const platform = platformRegistrar(id);
    if (platform) out.push({ registrar: platform, accountId: null });
  }
  return out;
}
