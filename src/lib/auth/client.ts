"use client";
import { genericOAuthClient, organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** Better Auth in the browser: sign-up, log-in, log-out, workspaces (organizations), OIDC. */
export const authClient = createAuthClient({
  plugins: [organizationClient(), genericOAuthClient()],
});
