import * as P from "@/lib/registrars/api-schemas";
import type { Operation } from "./types";

const tag = "Provider accounts";
export const providerAccountOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/provider-accounts",
    summary: "The workspace's own registrar and DNS provider accounts (never their secrets)",
    tag,
    response: P.ProviderAccountList,
  },
  {
    method: "post",
    path: "/api/v1/provider-accounts",
    role: "admin",
    summary:
      "Connect a Cloudflare (API token + account id, Registrar Sandbox optional), Name.com (username + token, test environment optional) or PowerDNS (API URL + key + nameservers) account (admin). Secrets are stored encrypted and never returned",
    tag,
    body: P.CreateProviderAccount,
    response: P.ProviderAccount,
    status: 201,
  },
  {
    method: "delete",
    path: "/api/v1/provider-accounts/{id}",
    role: "admin",
    summary: "Remove an account (admin); 409 while domains use it",
    tag,
    status: 204,
  },
  {
    method: "post",
    path: "/api/v1/provider-accounts/{id}/test",
    role: "admin",
    summary:
      "Test the connection now with one authenticated call to the provider; the outcome is stored on the account and returned (200 either way) (admin)",
    tag,
    response: P.ProviderAccountTestResult,
  },
];
