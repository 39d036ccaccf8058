import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type DomainHealthCheck, domainHealthChecks, domains } from "@/lib/db/schema";
import { dispatchDeliveries, emitEvent } from "@/lib/webhooks/emit-event";
import { gatherHealthFacts } from "./health-facts";
import { scoreHealth } from "./health-score";

/**
 * Check a domain now: read its DNS, blocklists and age, score it, keep the check in its history
 * and the latest on the domain. A change of state (healthy → warning, ...) is an event, delivered
 * to the workspace's webhooks as `domain.health_changed`. Safe on two workers at once: the domain
 * row is locked while the check is recorded, so each check compares with the one before it.
 */
export async function checkDomainHealth(db: Db, domainId: string): Promise<DomainHealthCheck> {
  const [domain] = await db.select().from(domains).where(eq(domains.id, domainId));
  if (!domain) throw new Error(`domain ${domainId} not found`);
  // network first, outside the transaction: DNS and RDAP can take seconds
  const facts = await gatherHealthFacts(db, domain);
  const { score, state, items } = scoreHealth(facts);
  const checkedAt = new Date();

  const { check, deliveryIds } = await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ healthState: domains.healthState, healthScore: domains.healthScore })
      .from(domains)
      .where(eq(domains.id, domainId))
      .for("update");
    if (!current) throw new Error(`domain ${domainId} was removed during its health check`);
    const changed = current.healthState !== state;
    const [check] = await tx
      .insert(domainHealthChecks)
      .values({
        id: crypto.randomUUID(),
        domainId,
        workspaceId: domain.workspaceId,
        score,
        state,
        items,
        changed,
        checkedAt,
      })
      .returning();
    await tx
      .update(domains)
      .set({
        healthScore: score,
        healthState: state,
        healthCheckedAt: checkedAt,
        ...(facts.age.createdAt && !domain.domainCreatedAt ? { domainCreatedAt: facts.age.createdAt } : {}),
        updatedAt: checkedAt,
      })
      .where(eq(domains.id, domainId));
    if (!changed) return { check: check!, deliveryIds: [] };
    const event = await emitEvent(tx, {
      workspaceId: domain.workspaceId,
      type: "domain.health_changed",
      payload: {
        domainId,
        domain: domain.name,
        previousState: current.healthState,
        state,
        previousScore: current.healthScore,
        score,
        checkedAt: checkedAt.toISOString(),
        problems: items
          .filter((i) => i.pointsLost > 0)
          .map((i) => ({ key: i.key, pointsLost: i.pointsLost, reason: i.reason })),
      },
    });
    return { check: check!, deliveryIds: event.deliveryIds };
  });
  await dispatchDeliveries(deliveryIds);
  return check;
}
