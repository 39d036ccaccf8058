/**
 * A workspace's own registrar and DNS provider accounts (table provider_accounts).
 *
 * Stored shapes (one place; DNS providers read them through `loadProviderAccount`):
 * - cloudflare: secret `{ apiToken }`, config `{ accountId, sandbox }` (kind registrar or dns)
 * - namecom:    secret `{ token }`,    config `{ username, testEnv }` (kind registrar)
 * - powerdns:   secret `{ apiKey }`,   config `{ apiUrl, serverId, nameservers }` (kind dns)
 * The secret part is JSON encrypted with encryptSecret into credentials_enc; it is decrypted only
 * by loadProviderAccount, to build a client, and the API never returns it.
 */

export const providerIds = ["cloudflare", "namecom", "powerdns"] as const;
export type ProviderId = (typeof providerIds)[number];
export type ProviderKind = "registrar" | "dns";

export type CloudflareAccount = {
  provider: "cloudflare";
  secret: { apiToken: string };
  config: { accountId: string; sandbox: boolean };
};

export type NamecomAccount = {
  provider: "namecom";
  secret: { token: string };
  config: { username: string; testEnv: boolean };
};

export type PowerdnsAccount = {
  provider: "powerdns";
  secret: { apiKey: string };
  config: { apiUrl: string; serverId: string; nameservers: string[] };
};

export type ProviderAccountCredentials = CloudflareAccount | NamecomAccount | PowerdnsAccount;

/** What the API shows of an account: never the secret. */
export type ProviderAccountView = {
  id: string;
  kind: ProviderKind;
  provider: ProviderId;
  label: string;
  config: Record<string, unknown>;
  status: "untested" | "ok" | "error";
  lastError: string | null;
  lastTestedAt: string | null;
  createdAt: string;
};
