import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { cloudflareRegistrar } from "./cloudflare";
import { namecomRegistrar } from "./namecom";
import type { ProviderAccountCredentials } from "./provider-account-types";
import type { Registrar } from "./types";

const NAMECOM_TEST_API_URL = "https://api.dev.name.com";

/**
 * A client for a workspace account's credentials. Cloudflare accounts use CLOUDFLARE_BASE_URL when
 * the operator set one (a proxy, or tests); Name.com accounts use its test environment when the
 * account says so, otherwise NAMECOM_API_URL. The test environment knows the account only as
 * "<username>-test": the suffix is added when the account was saved without it.
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
      username:
        c.config.testEnv && !c.config.username.endsWith("-test")
          ? `${c.config.username}-test`
          : c.config.username,
      token: c.secret.token,
      apiUrl: c.config.testEnv ? NAMECOM_TEST_API_URL : e.NAMECOM_API_URL,
    });
  }
  throw new AppError("validation", `A ${c.provider} account is not a registrar`);
}
