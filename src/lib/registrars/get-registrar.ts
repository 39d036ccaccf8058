import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { loadProviderAccount } from "./load-provider-account";
import { platformRegistrar } from "./platform-registrar";
import { registrarForCredentials } from "./registrar-for-credentials";
import type { Registrar, RegistrarId } from "./types";

const notConfigured: Record<string, string> = {
  cloudflare: "Cloudflare Registrar is not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID",
  namecom: "Name.com is not configured: set NAMECOM_USERNAME and NAMECOM_TOKEN",
};

/**
 * The registrar for a purchase or a domain: the workspace account `accountId` (provider_accounts,
 * kind 'registrar'), or (null) the platform's account from the environment (the platform resells
 * domains and charges via Stripe). Throws AppError with what to configure when missing.
 */
export async function getRegistrar(
  db: DbOrTx,
  opts: { registrar: RegistrarId; accountId: string | null },
): Promise<Registrar> {
  if (opts.accountId) {
    const { account, credentials } = await loadProviderAccount(db, opts.accountId);
    if (account.kind !== "registrar" || account.provider !== opts.registrar) {
      throw new AppError(
        "validation",
        `Account "${account.label}" is a ${account.provider} ${account.kind} account, not a ${opts.registrar} registrar`,
      );
    }
    return registrarForCredentials(credentials);
  }
  const registrar = platformRegistrar(opts.registrar);
  if (!registrar) {
    throw new AppError("unavailable", notConfigured[opts.registrar] ?? `Unknown registrar ${opts.registrar}`);
  }
  return registrar;
}
