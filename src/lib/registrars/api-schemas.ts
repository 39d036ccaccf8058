import { z } from "zod";
import { parseOutboundUrl } from "@/lib/net/parse-outbound-url";

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .max(253)
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "must be a host name such as ns1.example.com",
      ),
  );

const label = z.string().trim().min(1, "a label is required").max(80);

export const CreateProviderAccount = z
  .discriminatedUnion("provider", [
    z.strictObject({
      provider: z.literal("cloudflare"),
      kind: z.enum(["registrar", "dns"]).default("registrar"),
      label,
      apiToken: z.string().trim().min(20, "paste the whole Cloudflare API token").max(200),
      accountId: z
        .string()
        .trim()
        .regex(
          /^[0-9a-fA-F]{32}$/,
          "a Cloudflare account id is 32 hexadecimal characters (dashboard → Account home)",
        ),
      sandbox: z.boolean().default(false),
    }),
    z.strictObject({
      provider: z.literal("namecom"),
      kind: z.literal("registrar").default("registrar"),
      label,
      username: z.string().trim().min(1, "the Name.com username is required").max(100),
      token: z.string().trim().min(10, "paste the whole Name.com API token").max(200),
      testEnv: z.boolean().default(false),
    }),
    z.strictObject({
      provider: z.literal("powerdns"),
      kind: z.literal("dns").default("dns"),
      label,
      apiUrl: z
        .url({
          protocol: /^https?$/,
          message: "must be an http(s) URL such as https://dns.example.com:8081",
        })
        .superRefine((value, ctx) => {
          // the provider appends its own path: a `?` or `#` here would swallow it
          try {
            parseOutboundUrl(value, { what: "the PowerDNS API URL", baseOnly: true });
          } catch (err) {
            ctx.addIssue({ code: "custom", message: (err as Error).message });
          }
        }),
      apiKey: z.string().trim().min(1, "the PowerDNS API key is required").max(500),
      serverId: z.string().trim().min(1).max(100).default("localhost"),
      nameservers: z.array(hostname).min(1, "at least one nameserver is required").max(13),
    }),
  ])
  .meta({ id: "CreateProviderAccount" });

export type CreateProviderAccountInput = z.input<typeof CreateProviderAccount>;

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
