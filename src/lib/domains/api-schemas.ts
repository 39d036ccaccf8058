import { z } from "zod";

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "a domain name such as example.com",
  );

const ipAddress = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: "an IPv4 or IPv6 address" });

export const DnsSettingsInput = z
  .object({
    spf: z
      .strictObject({
        preset: z.enum(["google", "microsoft", "custom"]).describe("who sends mail for the domain"),
        hosts: z.array(hostname).max(10).optional().describe("custom: SMTP hosts to authorize (a:host)"),
        ips: z.array(ipAddress).max(20).optional().describe("custom: sending IPs (ip4:/ip6:)"),
      })
      .refine((s) => s.preset !== "custom" || (s.hosts?.length ?? 0) + (s.ips?.length ?? 0) > 0, {
        message: "a custom SPF needs at least one SMTP host or IP",
      })
      .optional(),
    dmarc: z
      .strictObject({
        policy: z
          .enum(["none", "quarantine", "reject"])
          .describe("none to start; stricter once reports look right"),
        rua: z.email().optional().describe("address for aggregate reports (default dmarc@<domain>)"),
      })
      .optional(),
    mx: z
      .strictObject({
        preset: z.enum(["none", "google", "microsoft", "custom"]),
        hosts: z
          .array(z.strictObject({ host: hostname, priority: z.number().int().min(0).max(65535) }))
          .max(10)
          .optional(),
      })
      .refine((m) => m.preset !== "custom" || (m.hosts?.length ?? 0) > 0, {
        message: "a custom MX needs at least one host",
      })
      .optional(),
    redirectTo: z
      .url({ protocol: /^https?$/, message: "a web address such as https://www.example.com" })
      .nullable()
      .optional()
      .describe(
        "send visitors of the bare domain (and www.) to this site: the domain's A record points at this app (DOMAIN_REDIRECT_IPV4), which answers with a redirect",
      ),
  })
  .strict()
  .meta({ id: "DnsSettings" });

export const DnsChoice = z
  .discriminatedUnion("mode", [
    z.strictObject({
      mode: z.literal("managed"),
      accountId: z
        .string()
        .nullable()
        .optional()
        .describe("a connected DNS provider account; null = the platform's DNS"),
    }),
    z.strictObject({ mode: z.literal("manual").describe("you paste the records at your DNS host") }),
  ])
  .meta({ id: "DnsChoice" });

export const AddDomain = z
  .strictObject({
    name: hostname,
    trackingHost: hostname.nullable().optional().describe("custom tracking host, a CNAME to this app"),
    dns: DnsChoice.optional().describe(
      "set up the domain's DNS through a provider (managed) or get the records to paste (manual); omit to add the domain as is",
    ),
    settings: DnsSettingsInput.optional().describe(
      "SPF/DMARC/MX choices; defaults from the workspace's mailboxes",
    ),
  })
  .meta({ id: "AddDomain" });

export const UpdateDomain = z
  .strictObject({ trackingHost: hostname.nullable() })
  .meta({ id: "UpdateDomain" });

export const DomainRenewalView = z
  .object({
    status: z
      .enum(["auto", "lapsing", "expired"])
      .describe(
        "auto: the registrar renews it and the card is charged before; lapsing: the charge failed, auto-renew is off and the domain expires unless paid",
      ),
    nextRenewalAt: z.string().nullable().describe("the expiry date the next renewal extends"),
    chargeAt: z
      .string()
      .nullable()
      .describe("when the saved card is charged (RENEWAL_CHARGE_DAYS before expiry)"),
    priceCents: z.number().int().nullable().describe("one year's renewal, in the currency's minor unit"),
    currency: z.string().nullable(),
    lastCharge: z
      .object({
        status: z.enum(["charging", "charged", "failed", "refunded"]),
        periodExpiresAt: z.string(),
        amountCents: z.number().int(),
        currency: z.string(),
        attempts: z.number().int().describe("failed attempts so far"),
        error: z.string().nullable().describe("why the last attempt failed, as the card network said"),
        nextAttemptAt: z.string().nullable().describe("the next automatic attempt; null: none"),
        at: z.string(),
      })
      .nullable(),
    warning: z.string().nullable(),
  })
  .meta({ id: "DomainRenewal" });

export const RenewalChargeResult = z
  .object({
    outcome: z.enum(["charged", "failed", "already_charged"]),
    renewal: DomainRenewalView.nullable(),
  })
  .meta({ id: "RenewalChargeResult" });

export const SendingDomain = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    trackingHost: z.string().nullable(),
    trackingCname: z.string().describe("where the tracking host's CNAME must point"),
    dkim: z.object({ selector: z.string(), publicKey: z.string() }).nullable(),
    renewal: DomainRenewalView.nullable().describe(
      "renewal billing; null when this domain's renewal is not billed here (added by hand, or bought with your own registrar account)",
    ),
    createdAt: z.string(),
  })
  .meta({ id: "SendingDomain" });

export const SendingDomainList = z.object({ data: z.array(SendingDomain) }).meta({ id: "SendingDomainList" });

const RecordCheckView = z.object({
  server: z.string(),
  state: z.enum(["propagated", "missing", "mismatch", "error"]),
  found: z.array(z.string()),
});

export const DomainDnsRecordView = z
  .object({
    id: z.string(),
    purpose: z.enum(["spf", "dkim", "dmarc", "mx", "tracking", "redirect"]),
    name: z.string(),
    type: z.string(),
    content: z.string().describe("the value to publish (TXT unquoted and whole)"),
    ttl: z.number(),
    priority: z.number().nullable(),
    state: z.enum(["pending", "propagated", "missing", "mismatch"]),
    checks: z.array(RecordCheckView),
    checkedAt: z.string().nullable(),
  })
  .meta({ id: "DomainDnsRecord" });

export const DomainDns = z
  .object({
    mode: z.enum(["managed", "manual"]).nullable(),
    provider: z.string().nullable(),
    nameservers: z.array(z.string()),
    status: z.string(),
    statusReason: z.string().nullable(),
    settings: z.record(z.string(), z.unknown()).nullable(),
    progress: z
      .object({
        steps: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            state: z.enum(["pending", "running", "done", "failed"]),
            detail: z.string().optional(),
          }),
        ),
        startedAt: z.string().optional(),
        finishedAt: z.string().optional(),
        error: z.string().optional(),
      })
      .nullable(),
    records: z.array(DomainDnsRecordView),
  })
  .meta({ id: "DomainDns" });
