import type { z } from "zod";
import { defineJob, defineSweep, noPayload, rowPayload } from "./define-job";

/**
 * Every background job, by name. Definitions only (payload schema, retry policy, cron): the web
 * process imports this to enqueue without loading any handler. Each handler is a plain function in
 * its area, wired in src/worker/handlers.ts (at the worker's entry, so the queue imports no area),
 * which the compiler checks against this list.
 */
export const maintenanceCleanup = defineJob({
  name: "maintenance.cleanup",
  payload: noPayload(),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  cron: "*/15 * * * *",
});

export const campaignTick = defineSweep("campaign.tick", "* * * * *", { expireInSeconds: 300 });

// sends interrupted mid-way (a crash, a connection lost after DATA): decided from evidence
export const campaignRecoverSends = defineSweep("campaign.recover-sends", "* * * * *", {
  expireInSeconds: 300,
});

export const leadsImport = defineJob({
  name: "leads.import",
  payload: rowPayload("importId"),
  // each retry continues from the last committed batch
  retry: { limit: 3, delaySeconds: 15, backoff: true },
  // a killed worker's import is retried after this (or sooner by leads.resume-stalled-imports); a
  // longer healthy run is not doubled when its job expires: the retry finds its lock held and leaves
  expireInSeconds: 900,
});

export const leadsResumeStalled = defineSweep("leads.resume-stalled-imports", "*/5 * * * *");

export const webhooksDeliver = defineJob({
  name: "webhooks.deliver",
  payload: rowPayload("deliveryId"),
  // 30 s, 1, 2, 4 … minutes, at most an hour apart: about two hours before the delivery is failed
  retry: { limit: 8, delaySeconds: 30, backoff: true, maxDelaySeconds: 3600 },
  expireInSeconds: 60, // one 10-second request
});

// deliveries left pending with no job: lost, or emitted inside a larger transaction
export const webhooksRequeueStranded = defineSweep("webhooks.requeue-stranded", "* * * * *");

export const inboxSyncAll = defineSweep("inbox.sync-all", "* * * * *");

export const inboxSync = defineJob({
  name: "inbox.sync",
  payload: rowPayload("mailboxId"),
  // connection errors back off: 30 s, 1, 2 minutes; the cron queues the next one anyway
  retry: { limit: 3, delaySeconds: 30, backoff: true, maxDelaySeconds: 600 },
  expireInSeconds: 900,
});

export const domainsPurchase = defineJob({
  name: "domains.purchase",
  payload: rowPayload("domainId"),
  // registrar transient errors: 30 s, 1, 2, 4 … minutes; the state machine makes retries safe
  retry: { limit: 8, delaySeconds: 30, backoff: true, maxDelaySeconds: 1800 },
  expireInSeconds: 600,
});

export const domainsSetupDns = defineJob({
  name: "domains.setup-dns",
  payload: rowPayload("domainId"),
  retry: { limit: 6, delaySeconds: 30, backoff: true, maxDelaySeconds: 1800 },
  expireInSeconds: 600,
});

export const domainsVerifyDns = defineJob({
  name: "domains.verify-dns",
  payload: rowPayload("domainId"),
  // the checker re-queues itself with its own backoff until all agree or 48 hours pass
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  expireInSeconds: 300,
});

export const domainsHealthCheck = defineJob({
  name: "domains.health-check",
  payload: rowPayload("domainId"),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  expireInSeconds: 300,
});

export const domainsHealthCheckAll = defineSweep("domains.health-check-all", "17 4 * * *");

// renewals charged to the customer before the registrar's auto-renew charges the platform. Each
// period is charged once (its own unique row) however often this runs; hourly, so a charge cut
// off mid-call is made again within Stripe's 24-hour idempotency window, under the same key
export const domainsRenewals = defineSweep("domains.renewals", "41 * * * *", { expireInSeconds: 1800 });

// the notification emails people opted into (rows queued with their events): each sent once
export const notificationsDeliver = defineSweep("notifications.deliver", "* * * * *", {
  expireInSeconds: 600,
});

// yesterday's digest (UTC), at 07:00 UTC: one schedule for every workspace
export const notificationsDailyDigest = defineSweep("notifications.daily-digest", "0 7 * * *", {
  expireInSeconds: 1800,
});

export const jobs = [
  maintenanceCleanup,
  campaignTick,
  campaignRecoverSends,
  leadsImport,
  leadsResumeStalled,
  webhooksDeliver,
  webhooksRequeueStranded,
  inboxSyncAll,
  inboxSync,
  domainsPurchase,
  domainsSetupDns,
  domainsVerifyDns,
  domainsHealthCheck,
  domainsHealthCheckAll,
  domainsRenewals,
  notificationsDeliver,
  notificationsDailyDigest,
] as const;

export type AppJob = (typeof jobs)[number];
export type JobName = AppJob["name"];
export type PayloadOf<N extends JobName> = z.input<Extract<AppJob, { name: N }>["payload"]>;
