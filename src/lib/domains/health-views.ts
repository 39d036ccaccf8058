import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { env } from "@/lib/config/env";
import type { DbOrTx } from "@/lib/db/client";
import {
  type Domain,
  type DomainHealthCheck,
  domainHealthChecks,
  domains,
  type HealthCheckItem,
} from "@/lib/db/schema";
import { platformDnsProvider } from "@/lib/dns/providers";
import { trackingCnameTarget } from "@/lib/dns/records";
import { notFound } from "@/lib/errors";
import { ageInDays, NEW_DOMAIN_DAYS, NEW_DOMAIN_WARNING } from "./health-score";

const HISTORY_LIMIT = 180;
type Mark = "pass" | "fail" | "pending" | "unknown";

async function findDomain(db: DbOrTx, workspaceId: string, domainId: string): Promise<Domain> {
  const [row] = await db
    .select()
    .from(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.id, domainId)));
  if (!row) throw notFound("domain");
  return row;
}

export function ageView(createdAt: Date | null, now = new Date()) {
  if (!createdAt) return { createdAt: null, days: null, isNew: false, warning: null };
  const days = ageInDays(createdAt, now);
  const isNew = days < NEW_DOMAIN_DAYS;
  return { createdAt: createdAt.toISOString(), days, isNew, warning: isNew ? NEW_DOMAIN_WARNING : null };
}

const checkView = (c: DomainHealthCheck) => ({
  id: c.id,
  score: c.score,
  state: c.state,
  items: c.items,
  changed: c.changed,
  checkedAt: c.checkedAt.toISOString(),
});

/** The latest check with its items, the domain's age, and the score history (oldest first). */
export async function getDomainHealth(db: DbOrTx, workspaceId: string, domainId: string) {
  const domain = await findDomain(db, workspaceId, domainId);
  const recent = await db
    .select()
    .from(domainHealthChecks)
    .where(eq(domainHealthChecks.domainId, domain.id))
    .orderBy(desc(domainHealthChecks.checkedAt))
    .limit(HISTORY_LIMIT);
  return {
    domainId: domain.id,
    latest: recent[0] ? checkView(recent[0]) : null,
    age: ageView(domain.domainCreatedAt),
    history: recent
      .reverse()
      .map((c) => ({ checkedAt: c.checkedAt.toISOString(), score: c.score, state: c.state })),
  };
}

const MARK_KEYS = ["spf", "dkim", "dmarc", "mx"] as const;

function marksOf(items: HealthCheckItem[] | undefined): Record<(typeof MARK_KEYS)[number], Mark> {
  const byKey = new Map((items ?? []).map((i) => [i.key, i.state]));
  const mark = (state: HealthCheckItem["state"] | undefined): Mark =>
    state === "pass" || state === "warn"
      ? "pass"
      : state === "fail"
        ? "fail"
        : state === "unknown"
          ? "unknown"
          : "pending";
  return Object.fromEntries(MARK_KEYS.map((k) => [k, mark(byKey.get(k))])) as Record<
    (typeof MARK_KEYS)[number],
    Mark
  >;
}

/** The domains list: each domain with its score, state, age and SPF/DKIM/DMARC/MX marks. */
export async function listDomainsOverview(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(domains)
    .where(eq(domains.workspaceId, workspaceId))
    .orderBy(asc(domains.name));
  const ids = rows.map((r) => r.id);
  const latest = ids.length
    ? await db
        .selectDistinctOn([domainHealthChecks.domainId], {
          domainId: domainHealthChecks.domainId,
          items: domainHealthChecks.items,
        })
        .from(domainHealthChecks)
        .where(inArray(domainHealthChecks.domainId, ids))
        .orderBy(domainHealthChecks.domainId, desc(domainHealthChecks.checkedAt))
    : [];
  const itemsOf = new Map(latest.map((l) => [l.domainId, l.items]));
  const target = trackingCnameTarget();
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    status: d.status,
    statusReason: d.statusReason,
    source: d.source,
    dnsMode: d.dnsMode,
    trackingHost: d.trackingHost,
    trackingCname: target,
    health:
      d.healthScore != null && d.healthState && d.healthCheckedAt
        ? { score: d.healthScore, state: d.healthState, checkedAt: d.healthCheckedAt.toISOString() }
        : null,
    age: ageView(d.domainCreatedAt),
    marks: marksOf(itemsOf.get(d.id)),
    createdAt: d.createdAt.toISOString(),
  }));
}

/** The platform's DNS provider name (DNS_PROVIDER) when it is configured, else null. */
export const platformDnsName = () => (platformDnsProvider() ? env().DNS_PROVIDER : null);
