import type { DbOrTx } from "@/lib/db/client";
import { dnsProviderForAccount } from "./dns-provider-for-account";

/**
 * "Test connection" for a DNS provider account: one cheap authenticated call. null when the
 * provider answered; otherwise why not (for provider_accounts.last_error).
 */
export async function verifyDnsAccount(
  db: DbOrTx,
  accountId: string,
  workspaceId?: string,
): Promise<string | null> {
  try {
    const { provider } = await dnsProviderForAccount(db, accountId, workspaceId);
    await provider.verifyCredentials();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
