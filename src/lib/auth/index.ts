import { env } from "@/lib/config/env";
import { loopbackOrigins } from "@/lib/config/loopback-origins";
import { getDb } from "@/lib/db/client";
import { type Auth, createAuth } from "./create-auth";

const g = globalThis as unknown as { __coldframeAuth?: { url: string; auth: Auth } };

/** The app's Better Auth instance, configured from the environment. */
export function getAuth(): Auth {
  const e = env();
  // Keyed by what it is built from, so tests that change the environment get a fresh instance.
  const url = [process.env.DATABASE_URL, e.APP_URL, e.OIDC_ISSUER, e.REQUIRE_EMAIL_VERIFICATION].join("|");
  if (g.__coldframeAuth?.url === url) return g.__coldframeAuth.auth;
  const auth = createAuth({
    db: getDb(),
    baseURL: e.APP_URL,
    trustedOrigins: loopbackOrigins(e.APP_URL),
    secret: e.AUTH_SECRET,
    requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
    loginRateLimit: { max: e.LOGIN_RATE_LIMIT_MAX, windowSeconds: e.LOGIN_RATE_LIMIT_WINDOW_SECONDS },
    google:
      e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? { clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET }
        : undefined,
    microsoft:
      e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET
        ? {
            clientId: e.MICROSOFT_CLIENT_ID,
            clientSecret: e.MICROSOFT_CLIENT_SECRET,
            tenantId: e.MICROSOFT_TENANT_ID,
          }
        : undefined,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            name: e.OIDC_PROVIDER_NAME,
          }
        : undefined,
  });
  g.__coldframeAuth = { url, auth };
  return auth;
}

/** Which sign-in buttons the log-in page shows. */
export function enabledProviders() {
  const e = env();
  return {
    google: Boolean(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET),
    microsoft: Boolean(e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET),
    oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID ? (e.OIDC_PROVIDER_NAME ?? "Single sign-on") : null,
  };
}

export type { Auth } from "./create-auth";
export { createAuth, OIDC_PROVIDER_ID } from "./create-auth";
