import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Google's or Microsoft's OAuth2 endpoints, answering in the documented wire
 * format (RFC 6749): /authorize redirects back with a code (as after the person clicked "Allow"),
 * /token serves the authorization_code and refresh_token grants with PKCE, JSON errors included
 * (`invalid_grant`, `invalid_client`), and /introspect (RFC 7662) tells Dovecot whether an access
 * token is live, so XOAUTH2 logins to the test mail servers are checked against it.
 */
export async function startOAuthMailProvider(opts: { clientId: string; clientSecret: string }) {
  type Code = { email: string; redirectUri: string; challenge: string; scope: string };
  const codes = new Map<string, Code>();
  const refreshTokens = new Map<string, string>(); // token → email
  const accessTokens = new Map<string, { email: string; expiresAt: number }>();
  const requests: { path: string; params: Record<string, string> }[] = [];
  let nextEmail = "";
  let accessTokenLifetime = 3600;
  let rotateRefreshTokens = false;

  const issueAccess = (email: string) => {
    const token = `at-${randomBytes(12).toString("hex")}`;
    accessTokens.set(token, { email, expiresAt: Date.now() + accessTokenLifetime * 1000 });
    return token;
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const params = Object.fromEntries(req.method === "POST" ? new URLSearchParams(raw) : url.searchParams);
    requests.push({ path: url.pathname, params });

    if (url.pathname === "/authorize") {
      if (params.client_id !== opts.clientId) return json(res, 400, { error: "invalid_client" });
      const code = `code-${randomBytes(8).toString("hex")}`;
      codes.set(code, {
        email: nextEmail,
        redirectUri: params.redirect_uri ?? "",
        challenge: params.code_challenge ?? "",
        scope: params.scope ?? "",
      });
      const back = new URL(params.redirect_uri ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", params.state ?? "");
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }

    if (url.pathname === "/token") {
      if (params.client_id !== opts.clientId || params.client_secret !== opts.clientSecret) {
        return json(res, 401, {
          error: "invalid_client",
          error_description: "The OAuth client was not found.",
        });
      }
      if (params.grant_type === "authorization_code") {
        const code = codes.get(params.code ?? "");
        codes.delete(params.code ?? "");
        const verifier = createHash("sha256")
          .update(params.code_verifier ?? "")
          .digest("base64url");
        if (!code || code.redirectUri !== params.redirect_uri || code.challenge !== verifier) {
          return json(res, 400, {
            error: "invalid_grant",
            error_description: "Bad code, redirect_uri or verifier.",
          });
        }
        const refresh = `rt-${randomBytes(12).toString("hex")}`;
        refreshTokens.set(refresh, code.email);
        return json(res, 200, {
          access_token: issueAccess(code.email),
          expires_in: accessTokenLifetime,
          refresh_token: refresh,
          scope: code.scope,
          token_type: "Bearer",
          id_token: unsignedJwt({ iss: "test", sub: code.email, email: code.email, email_verified: true }),
        });
      }
      if (params.grant_type === "refresh_token") {
        const email = refreshTokens.get(params.refresh_token ?? "");
        if (!email) {
          return json(res, 400, {
            error: "invalid_grant",
            error_description: "Token has been expired or revoked.",
          });
        }
        let refresh: string | undefined;
        if (rotateRefreshTokens) {
          refreshTokens.delete(params.refresh_token ?? "");
          refresh = `rt-${randomBytes(12).toString("hex")}`;
          refreshTokens.set(refresh, email);
        }
        return json(res, 200, {
          access_token: issueAccess(email),
          expires_in: accessTokenLifetime,
          token_type: "Bearer",
          ...(refresh ? { refresh_token: refresh } : {}),
        });
      }
      return json(res, 400, { error: "unsupported_grant_type" });
    }

    if (url.pathname === "/introspect") {
      const token = params.token ?? req.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "";
      const t = accessTokens.get(token);
      return json(
        res,
        200,
        t && t.expiresAt > Date.now() ? { active: true, email: t.email } : { active: false },
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    introspectUrl: `${base}/introspect`,
    requests,
    /** the address the next consent is for */
    willGrant(email: string) {
      nextEmail = email;
    },
    setAccessTokenLifetime(seconds: number) {
      accessTokenLifetime = seconds;
    },
    setRotateRefreshTokens(on: boolean) {
      rotateRefreshTokens = on;
    },
    /** as when the person removes the app's access in their account */
    revokeAll() {
      refreshTokens.clear();
      accessTokens.clear();
    },
    isLiveAccessToken: (token: string) => (accessTokens.get(token)?.expiresAt ?? 0) > Date.now(),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function unsignedJwt(claims: Record<string, unknown>) {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}
