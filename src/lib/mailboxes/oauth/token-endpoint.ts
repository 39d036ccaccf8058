import { z } from "zod";
import type { OAuthProvider } from "./providers";

/** A token endpoint's success answer (RFC 6749 §5.1). */
const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** Its error answer (RFC 6749 §5.2), or a transport failure (no `oauthError`). */
export class OAuthTokenError extends Error {
  constructor(
    readonly provider: OAuthProvider["name"],
    readonly oauthError: string | null,
    readonly description: string | null,
    readonly httpStatus: number | null,
  ) {
    super(
      oauthError
        ? `${provider} token endpoint: ${oauthError}${description ? ` (${description})` : ""}`
        : `${provider} token endpoint unreachable or answered badly${httpStatus ? ` (HTTP ${httpStatus})` : ""}${description ? `: ${description}` : ""}`,
    );
    this.name = "OAuthTokenError";
  }

  /** The grant is gone (revoked, password changed, expired): only a person reconnecting helps. */
  get revoked(): boolean {
    return this.oauthError === "invalid_grant";
  }
}

/**
 * POST to the provider's token endpoint (authorization_code or refresh_token grant) with the
 * client's credentials in the body, as both Google and Microsoft accept.
 */
export async function requestTokens(
  provider: OAuthProvider,
  params: Record<string, string>,
  fetchImpl: typeof fetch = fetch,
): Promise<TokenResponse> {
  let res: Response;
  try {
    res = await fetchImpl(provider.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        ...params,
        client_id: provider.clientId,
        client_secret: provider.clientSecret,
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new OAuthTokenError(provider.name, null, (err as Error).message, null);
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || typeof body?.error === "string") {
    const error = typeof body?.error === "string" ? body.error : null;
    const description = typeof body?.error_description === "string" ? body.error_description : null;
    throw new OAuthTokenError(provider.name, error, description, res.status);
  }
  const parsed = TokenResponse.safeParse(body);
  if (!parsed.success)
    throw new OAuthTokenError(provider.name, null, "no access_token in the answer", res.status);
  return parsed.data;
}
