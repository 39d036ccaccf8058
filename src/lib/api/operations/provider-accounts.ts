import * as P from "@/lib/registrars/api-schemas";
import { operationsOf } from "./operations-of";
import type { Operation } from "./types";

const { del, get, post } = operationsOf("Provider accounts");

export const providerAccountOperations: Operation[] = [
  get(
    "/api/v1/provider-accounts",
    "The workspace's own registrar and DNS provider accounts (never their secrets)",
    { response: P.ProviderAccountList },
  ),
  post(
    "/api/v1/provider-accounts",
    "Connect a Cloudflare (API token + account id, Registrar Sandbox optional), Name.com (username + token, test environment optional) or PowerDNS (API URL + key + nameservers) account (admin). Secrets are stored encrypted and never returned",
    { body: P.CreateProviderAccount, response: P.ProviderAccount, status: 201, role: "admin" },
  ),
  del("/api/v1/provider-accounts/{id}", "Remove an account (admin); 409 while domains use it", {
    status: 204,
    role: "admin",
  }),
  post(
    "/api/v1/provider-accounts/{id}/test",
    "Test the connection now with one authenticated call to the provider; the outcome is stored on the account and returned (200 either way) (admin)",
    { response: P.ProviderAccountTestResult, role: "admin" },
  ),
];
