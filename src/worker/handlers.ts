import { deliverNotifications } from "@/lib/app-mail/deliver-notifications";
import { getDb, getPool } from "@/lib/db/client";
import { setupDomainDns } from "@/lib/domains/dns-setup";
import { purchaseDomain } from "@/lib/domains/purchase";
import { queueHealthChecks } from "@/lib/domains/queue-health-checks";
import { runRenewals } from "@/lib/domains/renewals/run-renewals";
import { runDnsVerification } from "@/lib/domains/run-dns-verification";
import { runHealthCheck } from "@/lib/domains/run-health-check";
import { queueInboxSyncs } from "@/lib/inbox/queue-inbox-syncs";
import { runInboxSync } from "@/lib/inbox/run-inbox-sync";
import { resumeStalledImports } from "@/lib/leads/resume-stalled-imports";
import { runLeadImport } from "@/lib/leads/run-lead-import";
import { queueDailyDigests } from "@/lib/notifications/queue-daily-digests";
import type { jobs } from "@/lib/queue/jobs";
import type { HandlerMap, WorkerLoops } from "@/lib/queue/run-worker";
import { recoverStuckSends } from "@/lib/sending/recover-stuck-sends";
import { runCampaignTick } from "@/lib/sending/run-campaign-tick";
import { runSendLoop } from "@/lib/sending/send-loop";
import { cleanupExpired } from "@/lib/system/cleanup-expired";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { requeueStrandedDeliveries } from "@/lib/webhooks/requeue-stranded";

/**
 * One handler per job in src/lib/queue/jobs.ts; a missing or extra one is a compile error. It is
 * composed here, at the worker's entry, so that the queue stays a floor every area may enqueue on
 * without the queue importing any of them. Each handler calls its area's function and no more.
 * The domain pipeline (DESIGN.md "Domain purchase"): purchase → setup-dns → verify-dns →
 * health-check, each its own job, safe to retry and to run on two workers at once.
 */
export const handlers: HandlerMap<typeof jobs> = {
  "maintenance.cleanup": async () => cleanupExpired(getDb()),
  "campaign.tick": async () => runCampaignTick(getDb()),
  "campaign.recover-sends": async () => recoverStuckSends(getDb()),
  "leads.import": async ({ importId }, { finalAttempt, log }) =>
    runLeadImport(getPool(), { importId, finalAttempt, log }),
  "leads.resume-stalled-imports": async () => resumeStalledImports(getDb()),
  "webhooks.deliver": async ({ deliveryId }, { finalAttempt }) =>
    deliverWebhook(getDb(), deliveryId, { finalAttempt }),
  "webhooks.requeue-stranded": async () => requeueStrandedDeliveries(getDb()),
  "inbox.sync-all": async () => queueInboxSyncs(getDb()),
  "inbox.sync": async ({ mailboxId }) => runInboxSync(getDb(), mailboxId),
  "domains.purchase": async ({ domainId }, { finalAttempt, log }) =>
    purchaseDomain(getDb(), domainId, { finalAttempt, log }),
  "domains.setup-dns": async ({ domainId }, { log }) => setupDomainDns(getDb(), domainId, { log }),
  "domains.verify-dns": async ({ domainId }, { log }) => runDnsVerification(getDb(), domainId, { log }),
  "domains.health-check": async ({ domainId }, { log }) => runHealthCheck(getDb(), domainId, { log }),
  "domains.health-check-all": async () => queueHealthChecks(getDb()),
  "domains.renewals": async () => runRenewals(getDb()),
  "notifications.deliver": async () => {
    await deliverNotifications(getDb());
  },
  "notifications.daily-digest": async () => {
    await queueDailyDigests(getDb());
    await deliverNotifications(getDb());
  },
};

/**
 * What a worker runs beside its jobs: the send loop, which takes the campaign emails the tick
 * queued (each queued `sent_emails` row is its own job) when they are due.
 */
export const loops: WorkerLoops = {
  "campaign.send": (signal, databaseUrl) => runSendLoop(getDb(), { signal, databaseUrl }),
};
