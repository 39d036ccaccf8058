import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type OidcUser = { sub: string; email: string; name: string };

/**
 * A real OpenID Provider (the `oidc-provider` package) on loopback. Its login and consent
 * interactions are answered for `user`, as if that person typed their password and clicked
 * "allow": everything else (discovery, authorization code, PKCE, token, ID token, userinfo) is
 * the provider's own protocol handling.
 */
export async function startOidcProvider(opts: { redirectUri: string; user: OidcUser }) {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { id: "coldframe-test", secret: "coldframe-test-secret-0123456789abcdef" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, id) =>
      id === opts.user.sub
        ? {
            accountId: id,
            claims: async () => ({
              sub: id,
              email: opts.user.email,
              email_verified: true,
              name: opts.user.name,
            }),
          }
        : undefined,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ["test-cookie-key-0123456789"] },
  });
  provider.on("server_error", (_ctx, err) => console.error("oidc-provider:", err));

  let interactions = 0;
  const callback = provider.callback();
  server.on("request", async (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return callback(req, res);
    try {
      interactions++;
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: opts.user.sub } },
          {
            mergeWithLastSubmission: false,
          },
        );
        return;
      }
      const grant = new provider.Grant({
        accountId: details.session!.accountId,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });

  return {
    issuer,
    clientId: client.id,
    clientSecret: client.secret,
    interactions: () => interactions,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
