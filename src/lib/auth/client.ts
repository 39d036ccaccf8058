"use client";
import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Better Auth in the browser: sign-up, log-in, log-out, workspaces (organizations). */
export const authClient = createAuthClient({
  plugins: [organizationClient()],
});

/** Start a log-in with the generic OpenID Connect provider (Better Auth's genericOAuth plugin). */
export async function signInWithOidc(callbackURL = "/campaigns") {
  // generic providers go through the same endpoint as Google and Microsoft
  const res = await authClient.signIn.social({ provider: "oidc", callbackURL });
  return res.error;
}
