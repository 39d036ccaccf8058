/**
 * Which registrar to ask: a workspace's own account (provider_accounts, kind 'registrar') or the
 * platform's account from the environment (the platform resells domains and charges via Stripe).
 */
import { and, asc, eq, ne } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import { providerAccounts } from "@/lib/db/schema";
import { DnsProviderError } from "@/lib/dns/providers/types";
import { AppError } from "@/lib/errors";
import {
  loadProviderAccount,
  type ProviderAccountCredentials,
  type ProviderAccountView,
  recordProviderAccountTest,
} from "./accounts";
import { CLOUDFLARE_API_REFUSED_TLDS, cloudflareRegistrar } from "./cloudflare";
import { dnsProviderForAccount } from "./dns-provider-for-account";
import { namecomRegistrar } from "./namecom";
import { rdapRegistrar } from "./rdap";
import { type Registrar, RegistrarError, type RegistrarId } from "./types";

export type { Availability, Registrar, RegistrarId } from "./types";
export { RegistrarError } from "./types";

export const NAMECOM_TEST_API_URL = "https://api.dev.name.com";

/** The platform's account for `id` from the environment, or null when not configured. */
export function platformRegistrar(id: RegistrarId): Registrar | null {
  const e = env();
  if (id === "cloudflare") {
    if (!e.CLOUDFLARE_API_TOKEN || !e.CLOUDFLARE_ACCOUNT_ID) return null;
    return cloudflareRegistrar({
      apiToken: e.CLOUDFLARE_API_TOKEN,
      accountId: e.CLOUDFLARE_ACCOUNT_ID,
      baseUrl: e.CLOUDFLARE_BASE_URL,
      sandbox: e.CLOUDFLARE_REGISTRAR_SANDBOX,
    });
  }
  if (id === "namecom") {
    if (!e.NAMECOM_USERNAME || !e.NAMECOM_TOKEN) return null;
    return namecomRegistrar({
      username: e.NAMECOM_USERNAME,
      token: e.NAMECOM_TOKEN,
      apiUrl: e.NAMECOM_API_URL,
    });
  }
  if (id === "rdap") return rdapRegistrar();
  return null;
}

const notConfigured: Record<string, string> = {
  cloudflare: "Cloudflare Registrar is not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID",
  namecom: "Name.com is not configured: set NAMECOM_USERNAME and NAMECOM_TOKEN",
  porkbun: "Porkbun is not supported yet: connect Cloudflare or Name.com instead",
};

/**
 * A client for a workspace account's credentials. Cloudflare accounts use CLOUDFLARE_BASE_URL when
 * the operator set one (a proxy, or tests); Name.com accounts use its test environment when the
 * account says so, otherwise NAMECOM_API_URL.
 */
export function registrarForCredentials(c: ProviderAccountCredentials): Registrar {
  const e = env();
  if (c.provider === "cloudflare") {
    return cloudflareRegistrar({
      apiToken: c.secret.apiToken,
      accountId: c.config.accountId,
      baseUrl: e.CLOUDFLARE_BASE_URL,
      sandbox: c.config.sandbox,
    });
  }
  if (c.provider === "namecom") {
    return namecomRegistrar({
      username: c.config.username,
      token: c.secret.token,
      apiUrl: c.config.testEnv ? NAMECOM_TEST_API_URL : e.NAMECOM_API_URL,
    });
  }
  throw new AppError("validation", `A ${c.provider} account is not a registrar`);
}

/**
 * The registrar for a purchase or a domain: the workspace account `accountId`, or (null) the
 * platform's account from the environment. Throws AppError with what to configure when missing.
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

/**
 * The first candidate that sells `tld` through its API (Cloudflare refuses a few extensions:
 * CLOUDFLARE_API_REFUSED_TLDS), or null. A check answer with reason `unsupported_tld` is the
 * authoritative signal; this list only saves a round trip.
 */
export function registrarForTld<T extends { registrar: Registrar }>(candidates: T[], tld: string): T | null {
  const t = tld.toLowerCase().replace(/^\./, "");
  return (
    candidates.find((c) => !(c.registrar.id === "cloudflare" && CLOUDFLARE_API_REFUSED_TLDS.has(t))) ?? null
  );
}

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
