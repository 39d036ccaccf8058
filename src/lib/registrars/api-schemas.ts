import { z } from "zod";

export { createProviderAccountInput as CreateProviderAccount } from "./accounts";

export const ProviderAccount = z
  .object({
    id: z.string(),
    kind: z.enum(["registrar", "dns"]),
    provider: z.enum(["cloudflare", "namecom", "powerdns"]),
    label: z.string(),
    config: z
      .record(z.string(), z.unknown())
      .describe(
        "the non-secret settings: cloudflare { accountId, sandbox }, namecom { username, testEnv }, powerdns { apiUrl, serverId, nameservers }",
      ),
    status: z.enum(["untested", "ok", "error"]).describe("the outcome of the last connection test"),
    lastError: z.string().nullable(),
    lastTestedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "ProviderAccount" });

export const ProviderAccountList = z
  .object({ data: z.array(ProviderAccount) })
  .meta({ id: "ProviderAccountList" });

export const ProviderAccountTestResult = z
  .object({
    ok: z.boolean(),
    error: z.string().nullable().describe("why the provider refused, when it did"),
    account: ProviderAccount,
  })
  .meta({ id: "ProviderAccountTestResult" });
