import { encryptSecret } from "@/lib/crypto";
import type { DbOrTx } from "@/lib/db/client";
import { mailboxes } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { MailboxView } from "../api-schemas";
import { viewOf } from "../mailbox-view";
import { OAUTH_COOKIE, openOAuthState, readCookie } from "./oauth-state";
import { oauthProvider } from "./providers";
import { oauthCallbackUrl } from "./start-mailbox-oauth";
import { requestTokens } from "./token-endpoint";

/**
 * The provider sent the browser back: check it is the flow this browser started in this
 * workspace, trade the code for tokens, and connect the mailbox the ID token names. Connecting an
 * address that is already there reconnects it (new tokens, back to active), which is how a
 * revoked mailbox is repaired.
 */
export async function finishMailboxOAuth(
  db: DbOrTx,
  opts: {
    provider: string;
    workspaceId: string;
    query: URLSearchParams;
    cookieHeader: string | null;
    fetch?: typeof fetch;
    now?: Date;
  },
): Promise<MailboxView> {
  const provider = oauthProvider(opts.provider);
  const now = opts.now ?? new Date();
  const denied = opts.query.get("error");
  if (denied) {
    const why = opts.query.get("error_description") ?? denied;
    throw new AppError("bad_request", `${provider.label} did not grant access: ${why}`);
  }
  const state = openOAuthState(
    readCookie(opts.cookieHeader, OAUTH_COOKIE),
    opts.query.get("state"),
    now.getTime(),
  );
  if (!state || state.provider !== provider.name) {
    throw new AppError(
      "bad_request",
      "this connection attempt expired or was started in another browser: start again",
    );
  }
  if (state.workspaceId !== opts.workspaceId) {
    throw new AppError(
      "forbidden",
      "this connection was started in another workspace: switch back and start again",
    );
  }
  const code = opts.query.get("code");
  if (!code) throw new AppError("bad_request", `${provider.label} sent no authorization code`);

  const tokens = await requestTokens(
    provider,
    {
      grant_type: "authorization_code",
      code,
      redirect_uri: oauthCallbackUrl(provider.name),
      code_verifier: state.codeVerifier,
    },
    opts.fetch,
  ).catch((err: Error) => {
    throw new AppError("bad_request", `${provider.label} refused the sign-in: ${err.message}`);
  });
  if (!tokens.refresh_token) {
    throw new AppError(
      "bad_request",
      `${provider.label} granted no offline access (no refresh token): remove the app's access in your account settings and connect again`,
    );
  }
  const email = emailFromIdToken(tokens.id_token);
  if (!email) throw new AppError("bad_request", `${provider.label} did not say which address was connected`);

  const values = {
    provider: provider.name,
    smtpHost: provider.smtp.host,
    smtpPort: provider.smtp.port,
    smtpSecurity: provider.smtp.security,
    smtpUser: email,
    smtpPasswordEnc: null,
    imapHost: provider.imap.host,
    imapPort: provider.imap.port,
    imapSecurity: provider.imap.security,
    imapUser: email,
    imapPasswordEnc: null,
    oauthAccessTokenEnc: encryptSecret(tokens.access_token),
    oauthRefreshTokenEnc: encryptSecret(tokens.refresh_token),
    oauthExpiresAt: new Date(now.getTime() + (tokens.expires_in ?? 3600) * 1000),
    status: "active" as const,
    statusReason: null,
    authFailures: 0,
    updatedAt: now,
  };
  const [row] = await db
    .insert(mailboxes)
    .values({ id: crypto.randomUUID(), workspaceId: opts.workspaceId, email, createdAt: now, ...values })
    .onConflictDoUpdate({ target: [mailboxes.workspaceId, mailboxes.email], set: values })
    .returning();
  logger.info({ mailboxId: row!.id, provider: provider.name }, "mailbox connected with OAuth");
  return viewOf(db, row!, now);
}

/**
 * The address in an ID token received straight from the token endpoint over TLS (OpenID Connect
 * Core §3.1.3.7 allows trusting it without checking the signature). Microsoft puts the sign-in
 * name in `preferred_username` when `email` is absent.
 */
function emailFromIdToken(idToken: string | undefined): string | null {
  const payload = idToken?.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const value = [claims.email, claims.preferred_username].find(
      (v) => typeof v === "string" && v.includes("@"),
    );
    return typeof value === "string" ? value.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}
