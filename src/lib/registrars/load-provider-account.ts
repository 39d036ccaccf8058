import { decryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { ProviderAccount } from "@/lib/db/schema";
import { findProviderAccount } from "./find-provider-account";
import type { ProviderAccountCredentials } from "./provider-account-types";

/**
 * An account with its decrypted secret, for building a client. Pass `workspaceId` whenever the
 * id came from a request, so another workspace's account reads as not found.
 */
export async function loadProviderAccount(
  db: DbOrTx,
  id: string,
  workspaceId?: string,
): Promise<{ account: ProviderAccount; credentials: ProviderAccountCredentials }> {
  const account = await findProviderAccount(db, id, workspaceId);
  const secret = JSON.parse(decryptSecret(account.credentialsEnc));
  const credentials = {
    provider: account.provider,
    secret,
    config: account.config,
  } as ProviderAccountCredentials;
  return { account, credentials };
}
