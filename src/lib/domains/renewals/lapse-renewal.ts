import { and, eq, isNull, ne, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Domain, type DomainRenewal, domains } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import type { RegistrarId } from "@/lib/registrars/types";
import { dispatchDeliveries, emitEvent } from "@/lib/webhooks/emit-event";
import { renewalWarning } from "./renewal-warning";

/**
 * The customer could not be charged after every attempt: turn the registrar's auto-renew off (so
 * the platform is not charged for a renewal nobody pays), mark the domain `lapsing`, and warn the
 * workspace (a `domain.renewal_failed` event, shown on the domain page and the domains list). The
 * registrar first: if it fails this throws and the next sweep tries again.
 */
export async function lapseRenewal(db: Db, domain: Domain, renewal: DomainRenewal): Promise<void> {
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });
  await registrar.setAutoRenew(domain.name, false);
  const deliveryIds = await db.transaction(async (tx) => {
    const [lapsed] = await tx
      .update(domains)
      .set({ renewalStatus: "lapsing", updatedAt: new Date() })
      .where(
        and(
          eq(domains.id, domain.id),
          or(isNull(domains.renewalStatus), ne(domains.renewalStatus, "lapsing")),
        ),
      )
      .returning({ id: domains.id });
    if (!lapsed) return [];
    const event = await emitEvent(tx, {
      workspaceId: domain.workspaceId,
      type: "domain.renewal_failed",
      payload: {
        domainId: domain.id,
        domain: domain.name,
        expiresAt: renewal.periodExpiresAt.toISOString(),
        amountCents: renewal.amountCents,
        currency: renewal.currency,
        attempts: renewal.attempts,
        error: renewal.error,
        message: renewalWarning(renewal.periodExpiresAt),
      },
    });
    return event.deliveryIds;
  });
  await dispatchDeliveries(deliveryIds);
  logger.warn({ domainId: domain.id }, "renewal lapsing: auto-renew turned off at the registrar");
}
