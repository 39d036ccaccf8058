import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { domainHealthChecks, domains, type HealthCheckItem } from "@/lib/db/schema";
import { trackingCnameTarget } from "@/lib/dns/records";
import { ageView } from "./age-view";
import { renewalViews } from "./renewals/renewal-views";

type Mark = "pass" | "fail" | "pending" | "unknown";

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
  const renewals = await renewalViews(db, rows);
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
    renewal: renewals.get(d.id) ?? null,
    createdAt: d.createdAt.toISOString(),
  }));
}
