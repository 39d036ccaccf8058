import { desc, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/client";
import { type Domain, type DomainRenewal, domainOrderItems, domainRenewals } from "@/lib/db/schema";
import { chargeWindowMs } from "./renewal-policy";
import { renewalWarning } from "./renewal-warning";

export type RenewalView = {
  status: "auto" | "lapsing" | "expired";
  nextRenewalAt: string | null;
  chargeAt: string | null;
  priceCents: number | null;
  currency: string | null;
  lastCharge: {
    status: DomainRenewal["status"];
    periodExpiresAt: string;
    amountCents: number;
    currency: string;
    attempts: number;
    error: string | null;
    nextAttemptAt: string | null;
    at: string;
  } | null;
  warning: string | null;
};

const isBilled = (d: Domain) =>
  d.source === "purchased" && d.registrarAccountId === null && d.expiresAt !== null;

/**
 * The renewal of each domain as the UI and the API show it (null for domains whose renewal
 * Coldframe does not bill: added by hand, bought with the workspace's own registrar account, or
 * not registered yet): next renewal date, price, when the card is charged, the last charge.
 */
export async function renewalViews(
  db: DbOrTx,
  rows: Domain[],
  now = new Date(),
): Promise<Map<string, RenewalView | null>> {
  const billed = rows.filter(isBilled);
  const ids = billed.map((d) => d.id);
  const [items, charges] = ids.length
    ? await Promise.all([
        db
          .select()
          .from(domainOrderItems)
          .where(inArray(domainOrderItems.domainId, ids))
          .orderBy(desc(domainOrderItems.createdAt)),
        db
          .select()
          .from(domainRenewals)
          .where(inArray(domainRenewals.domainId, ids))
          .orderBy(desc(domainRenewals.periodExpiresAt)),
      ])
    : [[], []];
  const out = new Map<string, RenewalView | null>(rows.map((d) => [d.id, null]));
  for (const d of billed) {
    const item = items.find((i) => i.domainId === d.id);
    const last = charges.find((c) => c.domainId === d.id) ?? null;
    const expiresAt = d.expiresAt!;
    const priceCents = item
      ? (item.renewalPriceCents ?? Math.round(item.priceCents / Math.max(1, item.years)))
      : d.priceCents;
    const status = expiresAt <= now ? "expired" : d.renewalStatus === "lapsing" ? "lapsing" : "auto";
    out.set(d.id, {
      status,
      nextRenewalAt: expiresAt.toISOString(),
      chargeAt: new Date(expiresAt.getTime() - chargeWindowMs()).toISOString(),
      priceCents: priceCents ?? null,
      currency: item?.currency ?? d.currency,
      lastCharge: last && {
        status: last.status,
        periodExpiresAt: last.periodExpiresAt.toISOString(),
        amountCents: last.amountCents,
        currency: last.currency,
        attempts: last.attempts,
        error: last.error,
        nextAttemptAt: last.nextAttemptAt?.toISOString() ?? null,
        at: (last.chargedAt ?? last.updatedAt).toISOString(),
      },
      warning: status === "lapsing" ? renewalWarning(expiresAt) : null,
    });
  }
  return out;
}
