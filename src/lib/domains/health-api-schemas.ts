import { z } from "zod";
import { DomainDnsRecordView, DomainRenewalView } from "./api-schemas";

const healthState = z.enum(["healthy", "warning", "critical", "unknown"]);

export const HealthCheckItemSchema = z
  .object({
    key: z.string().describe("spf | dkim | dmarc | mx | blacklist | age | tracking"),
    label: z.string(),
    state: z.enum(["pass", "fail", "warn", "pending", "unknown"]),
    pointsLost: z.number().int().describe("points this part cost (0 when passing)"),
    reason: z.string().optional().describe("why the points were lost, or a note"),
    details: z.record(z.string(), z.unknown()).optional().describe("what was found (records, lists, dates)"),
  })
  .meta({ id: "HealthCheckItem" });

export const DomainHealthCheck = z
  .object({
    id: z.string(),
    score: z.number().int().describe("out of 100"),
    state: healthState,
    items: z.array(HealthCheckItemSchema),
    changed: z
      .boolean()
      .describe("the state differed from the previous check (a domain.health_changed event)"),
    checkedAt: z.string(),
  })
  .meta({ id: "DomainHealthCheck" });

export const DomainAge = z
  .object({
    createdAt: z.string().nullable().describe("registration date (RDAP)"),
    days: z.number().int().nullable(),
    isNew: z.boolean().describe("under 30 days old: ramp up slowly"),
    warning: z.string().nullable(),
  })
  .meta({ id: "DomainAge" });

export const DomainHealth = z
  .object({
    domainId: z.string(),
    latest: DomainHealthCheck.nullable(),
    age: DomainAge,
    history: z.array(z.object({ checkedAt: z.string(), score: z.number().int(), state: healthState })),
  })
  .meta({ id: "DomainHealth" });

export const DomainHealthCheckNow = z
  .object({
    health: DomainHealth,
    records: z
      .array(DomainDnsRecordView)
      .describe("the domain's expected records as the propagation check just found them"),
  })
  .meta({ id: "DomainHealthCheckNow" });

const mark = z.enum(["pass", "fail", "pending", "unknown"]);

export const DomainOverview = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    statusReason: z.string().nullable(),
    source: z.string(),
    dnsMode: z.string().nullable(),
    trackingHost: z.string().nullable(),
    trackingCname: z.string().describe("where the tracking host's CNAME must point"),
    health: z
      .object({ score: z.number().int(), state: healthState, checkedAt: z.string() })
      .nullable()
      .describe("the latest check; null before the first one"),
    age: DomainAge,
    marks: z
      .object({ spf: mark, dkim: mark, dmarc: mark, mx: mark })
      .describe("pass/fail from the latest health check; pending before it or while DNS setup runs"),
    renewal: DomainRenewalView.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "DomainOverview" });

export const DomainOverviewList = z
  .object({
    data: z.array(DomainOverview),
    platformDnsProvider: z
      .string()
      .nullable()
      .describe(
        "the DNS provider that serves managed domains without an account of their own (DNS_PROVIDER), or null",
      ),
  })
  .meta({ id: "DomainOverviewList" });
