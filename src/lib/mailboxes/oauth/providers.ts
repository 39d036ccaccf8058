import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import type { TlsMode } from "../server-options";

export const oauthProviderNames = ["google", "microsoft"] as const;
export type OAuthProviderName = (typeof oauthProviderNames)[number];

type Server = { host: string; port: number; security: TlsMode };

export type OAuthProvider = {
  name: OAuthProviderName;
  label: string;
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** extra parameters of the authorization request */
  authorizeParams: Record<string, string>;
  smtp: Server;
  imap: Server;
};

/**
 * Google and Microsoft as mailbox providers: SMTP and IMAP with XOAUTH2. The client is the one
 * used for "Continue with Google/Microsoft" (GOOGLE_CLIENT_ID …); its redirect URIs must also list
 * $APP_URL/api/mailboxes/oauth/{google,microsoft}/callback. `openid` + `email` give an ID token
 * naming the mailbox's address.
 */
export function oauthProvider(name: string): OAuthProvider {
  const e = env();
  if (name === "google") {
    if (!e.GOOGLE_CLIENT_ID || !e.GOOGLE_CLIENT_SECRET) throw notConfigured("Google", "GOOGLE");
    return {
      name,
      label: "Google",
      authorizeUrl: e.GOOGLE_OAUTH_AUTHORIZE_URL ?? "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL ?? "https://oauth2.googleapis.com/token",
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      scopes: ["openid", "email", "https://mail.google.com/"],
      // offline + consent: Google sends a refresh token only on a consented offline grant
      authorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
      smtp: { host: "smtp.gmail.com", port: 465, security: "tls" },
      imap: { host: "imap.gmail.com", port: 993, security: "tls" },
    };
  }
  if (name === "microsoft") {
    if (!e.MICROSOFT_CLIENT_ID || !e.MICROSOFT_CLIENT_SECRET) throw notConfigured("Microsoft", "MICROSOFT");
    const base = `https://login.microsoftonline.com/${e.MICROSOFT_TENANT_ID ?? "common"}/oauth2/v2.0`;
    return {
      name,
      label: "Microsoft",
      authorizeUrl: e.MICROSOFT_OAUTH_AUTHORIZE_URL ?? `${base}/authorize`,
      tokenUrl: e.MICROSOFT_OAUTH_TOKEN_URL ?? `${base}/token`,
      clientId: e.MICROSOFT_CLIENT_ID,
      clientSecret: e.MICROSOFT_CLIENT_SECRET,
      scopes: [
        "openid",
        "email",
        "offline_access",
        "https://outlook.office.com/SMTP.Send",
        "https://outlook.office.com/IMAP.AccessAsUser.All",
      ],
      authorizeParams: { prompt: "select_account" },
      // Microsoft 365 SMTP AUTH is STARTTLS on 587 only
      smtp: { host: "smtp.office365.com", port: 587, security: "starttls" },
      imap: { host: "outlook.office365.com", port: 993, security: "tls" },
    };
  }
  throw new AppError("not_found", `unknown mailbox provider "${name}" (google or microsoft)`);
}

/** Which "Connect with …" buttons the mailboxes page offers. */
export function configuredOAuthProviders(): Record<OAuthProviderName, boolean> {
  const e = env();
  return {
    google: Boolean(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET),
    microsoft: Boolean(e.MICROSOFT_CLIENT_ID && e.MICROSOFT_CLIENT_SECRET),
  };
}

const notConfigured = (label: string, prefix: string) =>
  new AppError(
    "bad_request",
    `${label} mailboxes are not configured: set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET`,
  );
