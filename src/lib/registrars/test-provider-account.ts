import type { DbOrTx } from "@/lib/db/client";
import { DnsProviderError } from "@/lib/dns/providers/types";
import { AppError } from "@/lib/errors";
import { dnsProviderForAccount } from "./dns-provider-for-account";
import { loadProviderAccount } from "./load-provider-account";
import type { ProviderAccountView } from "./provider-account-types";
import { recordProviderAccountTest } from "./record-provider-account-test";
import { registrarForCredentials } from "./registrar-for-credentials";
import { RegistrarError } from "./types";

export type ProviderAccountTest = { ok: boolean; error: string | null; account: ProviderAccountView };

/**
 * "Test connection": one cheap authenticated call with the account's credentials (a registrar's
 * verifyCredentials, or the DNS provider's); the outcome is stored on the account (status, last
 * error, time).
 */
export async function testProviderAccount(
  db: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<ProviderAccountTest> {
  const { account, credentials } = await loadProviderAccount(db, id, workspaceId);
  let error: string | null = null;
  try {
    if (account.kind === "registrar") {
      await registrarForCredentials(credentials).verifyCredentials();
    } else {
      const { provider } = await dnsProviderForAccount(db, id, workspaceId);
      await provider.verifyCredentials();
    }
  } catch (err) {
    error = describe(err);
  }
  const view = await recordProviderAccountTest(db, id, error === null ? { ok: true } : { ok: false, error });
  return { ok: error === null, error, account: view };
}

function describe(err: unknown): string {
  if (err instanceof RegistrarError) {
    if (err.code === "auth") return `The provider refused these credentials (${err.message})`;
    if (err.code === "rate_limited")
      return `The provider is rate limiting requests; try again shortly (${err.message})`;
    return err.message;
  }
  if (err instanceof AppError || err instanceof DnsProviderError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
