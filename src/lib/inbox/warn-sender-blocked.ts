import { and, desc, eq, inArray } from "drizzle-orm";
import { pauseCampaignsLeftWithoutMailboxes } from "@/lib/campaigns/pause-campaigns-left-without-mailboxes";
import type { DbOrTx } from "@/lib/db/client";
import {
  type BounceInfo,
  domainHealthChecks,
  domains,
  type HealthCheckItem,
  mailboxes,
} from "@/lib/db/schema";
import { emailDomain } from "@/lib/leads/email";
import { logger } from "@/lib/logger";
import { reportMailboxStopped } from "@/lib/mailboxes/report-mailbox-stopped";
import { type EndpointCache, emitEvent } from "@/lib/webhooks/emit-event";

/**
 * A receiver refused *us* (a policy, content or authentication block): the lead is fine, the
 * sender is not. The sending mailbox pauses with the diagnostic as its reason, as when an SMTP
 * server refuses it at MAIL FROM, and its domain gets a warning: a health check entry carrying the
 * diagnostic (the domain page shows the latest check), the state at least `warning`, and a
 * `domain.health_changed` event when that changes the state. The next scheduled health check
 * replaces the entry. Runs in the caller's transaction.
 */
export async function warnSenderBlocked(
  tx: DbOrTx,
  x: { workspaceId: string; mailboxId: string | null; bounce: BounceInfo },
  opts: { endpoints?: EndpointCache } = {},
): Promise<{ deliveryIds: string[] }> {
  if (!x.mailboxId) return { deliveryIds: [] };
  const why = `${x.bounce.reason}${x.bounce.status ? ` ${x.bounce.status}` : ""}`;
  const reason =
    `A receiver refused our mail (${why}): ${x.bounce.diagnostic ?? "no diagnostic given"}`.slice(0, 1000);
  const now = new Date();
  const [mailbox] = await tx
    .select({ id: mailboxes.id, email: mailboxes.email })
    .from(mailboxes)
    .where(and(eq(mailboxes.id, x.mailboxId), eq(mailboxes.workspaceId, x.workspaceId)));
  if (!mailbox) return { deliveryIds: [] };
  // a mailbox in `error` (its login fails) keeps that status: it needs its credentials first
  const [before] = await tx
    .select({ status: mailboxes.status })
    .from(mailboxes)
    .where(eq(mailboxes.id, mailbox.id));
  await tx
    .update(mailboxes)
    .set({ status: "paused", statusReason: reason, updatedAt: now })
    .where(and(eq(mailboxes.id, mailbox.id), inArray(mailboxes.status, ["active", "paused"])));
  if (before?.status === "active") {
    await reportMailboxStopped(tx, {
      workspaceId: x.workspaceId,
      mailboxId: mailbox.id,
      email: mailbox.email,
      status: "paused",
      reason,
    });
    await pauseCampaignsLeftWithoutMailboxes(tx, { mailboxId: mailbox.id, email: mailbox.email, reason });
  }
  logger.warn({ mailboxId: mailbox.id, bounce: x.bounce }, "sender blocked by a receiver: mailbox paused");

  const [domain] = await tx
    .select()
    .from(domains)
    .where(and(eq(domains.workspaceId, x.workspaceId), eq(domains.name, emailDomain(mailbox.email))));
  if (!domain) return { deliveryIds: [] };
  const [latest] = await tx
    .select({ items: domainHealthChecks.items })
    .from(domainHealthChecks)
    .where(eq(domainHealthChecks.domainId, domain.id))
    .orderBy(desc(domainHealthChecks.checkedAt))
    .limit(1);
  const item: HealthCheckItem = {
    key: "sender_block",
    label: "Receivers refusing our mail",
    state: "warn",
    pointsLost: 0,
    reason,
    details: { mailbox: mailbox.email, ...x.bounce },
  };
  const state = domain.healthState === "critical" ? "critical" : "warning";
  const changed = state !== domain.healthState;
  await tx.insert(domainHealthChecks).values({
    id: crypto.randomUUID(),
    domainId: domain.id,
    workspaceId: x.workspaceId,
    score: domain.healthScore ?? 0,
    state,
    items: [...(latest?.items ?? []).filter((i) => i.key !== "sender_block"), item],
    changed,
    checkedAt: now,
  });
  await tx.update(domains).set({ healthState: state, updatedAt: now }).where(eq(domains.id, domain.id));
  if (!changed) return { deliveryIds: [] };
  const event = await emitEvent(
    tx,
    {
      workspaceId: x.workspaceId,
      type: "domain.health_changed",
      payload: {
        domainId: domain.id,
        domain: domain.name,
        previousState: domain.healthState,
        state,
        previousScore: domain.healthScore,
        score: domain.healthScore,
        checkedAt: now.toISOString(),
        problems: [{ key: item.key, pointsLost: 0, reason }],
      },
    },
    opts,
  );
  return { deliveryIds: event.deliveryIds };
}
