import { getDb, getPool } from "@/lib/db/client";
import { resumeStalledImports } from "@/lib/leads/resume-stalled-imports";
import { runLeadImport } from "@/lib/leads/run-lead-import";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { type jobs, leadsImport, webhooksDeliver } from "./jobs";
import { campaignSend, campaignTick } from "./processors/campaign";
import {
  domainHealthCheck,
  domainHealthCheckAll,
  domainPurchase,
  domainSetupDns,
  domainVerifyDns,
} from "./processors/domains";
import { queueInboxSyncs, runInboxSync } from "./processors/inbox";
import { cleanupExpired } from "./processors/maintenance";
import type { HandlerMap } from "./run-worker";

/** One handler per job in ./jobs.ts; a missing or extra one is a compile error. */
export const handlers: HandlerMap<typeof jobs> = {
  "maintenance.cleanup": async () => cleanupExpired(getDb()),
  "campaign.tick": async () => campaignTick(getDb()),
  "campaign.send": async ({ sentEmailId }) => campaignSend(getDb(), sentEmailId),
  "leads.import": async ({ importId }, { retryCount, log }) =>
    runLeadImport(getPool(), { importId, finalAttempt: retryCount >= leadsImport.retry.limit, log }),
  "leads.resume-stalled-imports": async () => resumeStalledImports(getDb(), getPool()),
  "webhooks.deliver": async ({ deliveryId }, { retryCount }) =>
    deliverWebhook(getDb(), deliveryId, { finalAttempt: retryCount >= webhooksDeliver.retry.limit }),
  "inbox.sync-all": async () => queueInboxSyncs(getDb()),
  "inbox.sync": async ({ mailboxId }) => runInboxSync(getDb(), mailboxId),
  "domains.purchase": async ({ domainId }, ctx) => domainPurchase(getDb(), domainId, ctx),
  "domains.setup-dns": async ({ domainId }, ctx) => domainSetupDns(getDb(), domainId, ctx),
  "domains.verify-dns": async ({ domainId }, ctx) => domainVerifyDns(getDb(), domainId, ctx),
  "domains.health-check": async ({ domainId }, ctx) => domainHealthCheck(getDb(), domainId, ctx),
  "domains.health-check-all": async () => domainHealthCheckAll(getDb()),
};
