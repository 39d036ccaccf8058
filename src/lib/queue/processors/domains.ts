import type { Db } from "@/lib/db/client";
import { runDnsVerification } from "@/lib/dns/propagation";
import { runDnsSetup } from "@/lib/domains/dns-setup";
import { queueHealthChecks, runHealthCheck } from "@/lib/domains/health";
import { runDomainPurchase } from "@/lib/domains/purchase";
import type { JobContext } from "../run-worker";

/**
 * The domain pipeline (DESIGN.md "Domain purchase"): purchase → setup-dns → verify-dns →
 * health-check. Each step is its own job, safe to retry and to run on two workers at once; each
 * hands over to the next by enqueueing it.
 */
export const domainPurchase = (db: Db, domainId: string, ctx: JobContext) =>
  runDomainPurchase(db, domainId, ctx);
export const domainSetupDns = (db: Db, domainId: string, ctx: JobContext) => runDnsSetup(db, domainId, ctx);
export const domainVerifyDns = (db: Db, domainId: string, ctx: JobContext) =>
  runDnsVerification(db, domainId, ctx);
export const domainHealthCheck = (db: Db, domainId: string, ctx: JobContext) =>
  runHealthCheck(db, domainId, ctx);
export const domainHealthCheckAll = (db: Db) => queueHealthChecks(db);
