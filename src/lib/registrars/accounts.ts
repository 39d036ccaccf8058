/**
 * A workspace's own registrar and DNS provider accounts (table provider_accounts).
 *
 * Stored shapes (one place; DNS providers read them through `loadProviderAccount`):
 * - cloudflare: secret `{ apiToken }`, config `{ accountId, sandbox }` (kind registrar or dns)
 * - namecom:    secret `{ token }`,    config `{ username, testEnv }` (kind registrar)
 * - powerdns:   secret `{ apiKey }`,   config `{ apiUrl, serverId, nameservers }` (kind dns)
 * The secret part is JSON encrypted with encryptSecret into credentials_enc; it never leaves this
 * module except to build a client, and the API never returns it.
 */
import { and, desc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { domains, type ProviderAccount, providerAccounts } from "@/lib/db/schema";
import { AppError, invalidInput, notFound } from "@/lib/errors";
import { parseOutboundUrl } from "@/lib/net/parse-outbound-url";

export const providerIds = ["cloudflare", "namecom", "powerdns"] as const;
export type ProviderId = (typeof providerIds)[number];
export type ProviderKind = "registrar" | "dns";

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .max(253)
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "must be a host name such as ns1.example.com",
      ),
  );

const label = z.string().trim().min(1, "a label is required").max(80);

export const createProviderAccountInput = z
  .discriminatedUnion("provider", [
    z.strictObject({
      provider: z.literal("cloudflare"),
      kind: z.enum(["registrar", "dns"]).default("registrar"),
      label,
      apiToken: z.string().trim().min(20, "paste the whole Cloudflare API token").max(200),
      accountId: z
        .string()
        .trim()
        .regex(
          /^[0-9a-fA-F]{32}$/,
          "a Cloudflare account id is 32 hexadecimal characters (dashboard → Account home)",
        ),
      sandbox: z.boolean().default(false),
    }),
    z.strictObject({
      provider: z.literal("namecom"),
      kind: z.literal("registrar").default("registrar"),
      label,
      username: z.string().trim().min(1, "the Name.com username is required").max(100),
      token: z.string().trim().min(10, "paste the whole Name.com API token").max(200),
      testEnv: z.boolean().default(false),
    }),
    z.strictObject({
      provider: z.literal("powerdns"),
      kind: z.literal("dns").default("dns"),
      label,
      apiUrl: z
        .url({
          protocol: /^https?$/,
          message: "must be an http(s) URL such as https://dns.example.com:8081",
        })
        .superRefine((value, ctx) => {
          // the provider appends its own path: a `?` or `#` here would swallow it
          try {
            parseOutboundUrl(value, { what: "the PowerDNS API URL", baseOnly: true });
          } catch (err) {
            ctx.addIssue({ code: "custom", message: (err as Error).message });
          }
        }),
      apiKey: z.string().trim().min(1, "the PowerDNS API key is required").max(500),
      serverId: z.string().trim().min(1).max(100).default("localhost"),
      nameservers: z.array(hostname).min(1, "at least one nameserver is required").max(13),
    }),
  ])
  .meta({ id: "CreateProviderAccount" });
export type CreateProviderAccountInput = z.input<typeof createProviderAccountInput>;

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

export function providerAccountView(a: ProviderAccount): ProviderAccountView {
  return {
    id: a.id,
    kind: a.kind,
    provider: a.provider as ProviderId,
    label: a.label,
    config: a.config,
    status: a.status,
    lastError: a.lastError,
    lastTestedAt: a.lastTestedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

function split(input: z.output<typeof createProviderAccountInput>): ProviderAccountCredentials {
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
  const parsed = createProviderAccountInput.safeParse(raw);
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

async function row(db: DbOrTx, id: string, workspaceId?: string): Promise<ProviderAccount> {
  const [a] = await db
    .select()
    .from(providerAccounts)
    .where(
      workspaceId
        ? and(eq(providerAccounts.id, id), eq(providerAccounts.workspaceId, workspaceId))
        : eq(providerAccounts.id, id),
    );
  if (!a) throw notFound("Provider account");
  return a;
}

/**
 * An account with its decrypted secret, for building a client. Pass `workspaceId` whenever the
 * id came from a request, so another workspace's account reads as not found.
 */
export async function loadProviderAccount(
  db: DbOrTx,
  id: string,
  workspaceId?: string,
): Promise<{ account: ProviderAccount; credentials: ProviderAccountCredentials }> {
  const account = await row(db, id, workspaceId);
  const secret = JSON.parse(decryptSecret(account.credentialsEnc));
  const credentials = {
    provider: account.provider,
    secret,
    config: account.config,
  } as ProviderAccountCredentials;
  return { account, credentials };
}

export async function deleteProviderAccount(db: DbOrTx, workspaceId: string, id: string): Promise<void> {
  await row(db, id, workspaceId);
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
