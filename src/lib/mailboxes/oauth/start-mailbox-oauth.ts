import { env } from "@/lib/config/env";
import { codeChallenge, newOAuthState, OAUTH_COOKIE, sealOAuthState } from "./oauth-state";
import { oauthProvider } from "./providers";

export const oauthCallbackUrl = (provider: string) =>
  `${env().APP_URL}/api/mailboxes/oauth/${provider}/callback`;

/**
 * Where to send the browser to grant mail access, and the cookie that binds the answer to this
 * browser and workspace (state + PKCE verifier, signed, 10 minutes, only sent to our callback).
 */
export function startMailboxOAuth(
  providerName: string,
  workspaceId: string,
): { url: string; cookie: string } {
  const provider = oauthProvider(providerName);
  const state = newOAuthState(provider.name, workspaceId);
  const url = new URL(provider.authorizeUrl);
  const params = {
    client_id: provider.clientId,
    response_type: "code",
    redirect_uri: oauthCallbackUrl(provider.name),
    scope: provider.scopes.join(" "),
    state: state.state,
    code_challenge: codeChallenge(state.codeVerifier),
    code_challenge_method: "S256",
    ...provider.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const secure = env().APP_URL.startsWith("https:") ? "; Secure" : "";
  const cookie = `${OAUTH_COOKIE}=${sealOAuthState(state)}; Path=/api/mailboxes/oauth; HttpOnly; SameSite=Lax; Max-Age=600${secure}`;
  return { url: url.toString(), cookie };
}
