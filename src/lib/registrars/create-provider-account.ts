import type { z } from "zod";
import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { providerAccounts } from "@/lib/db/schema";
import { AppError, invalidInput } from "@/lib/errors";
import { CreateProviderAccount } from "./api-schemas";
import type { ProviderAccountCredentials, ProviderAccountView } from "./provider-account-types";
import { providerAccountView } from "./provider-account-view";

function split(input: z.output<typeof CreateProviderAccount>): ProviderAccountCredentials {
  switch (input.provider) {
    case "cloudflare":
      return {
        provider: "cloudflare",
        secret: { apiToken: input.apiToken },
        config: { accountId: input.accountId.toLowerCase(), sandbox: input.sandbox },
      };
    case "namecom":
      return {
        provider: "namecom",
        secret: { token: input.token },
        config: { username: input.username, testEnv: input.testEnv },
      };
    case "powerdns":
      return {
        provider: "powerdns",
        secret: { apiKey: input.apiKey },
        config: {
          apiUrl: input.apiUrl.replace(/\/+$/, ""),
          serverId: input.serverId,
          nameservers: input.nameservers,
        },
      };
  }
}

export async function createProviderAccount(
  db: DbOrTx,
  workspaceId: string,
  raw: unknown,
): Promise<ProviderAccountView> {
  const parsed = CreateProviderAccount.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error, "body");
  const { secret, config, provider } = split(parsed.data);
  const [row] = await db
    .insert(providerAccounts)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      kind: parsed.data.kind,
      provider,
      label: parsed.data.label,
      credentialsEnc: encryptSecret(JSON.stringify(secret)),
      config,
    })
    .returning();
  if (!row) throw new AppError("internal", "The account was not saved");
  return providerAccountView(row);
}
