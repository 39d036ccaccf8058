import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { findDomain } from "../find-domain";
import { chargeRenewal } from "./charge-renewal";
import { renewalViews } from "./renewal-views";
import { restoreAutoRenew } from "./restore-auto-renew";

/**
 * "Renew now" / "Retry charge": charge the domain's renewal at once with the saved card, whatever
 * the sweep's schedule; when it is paid, auto-renew goes back on at the registrar. A decline is
 * an answer, not an error: `outcome: "failed"` with Stripe's reason in the renewal's last charge.
 */
export async function retryRenewalCharge(db: Db, workspaceId: string, domainId: string) {
  const domain = await findDomain(db, workspaceId, domainId);
  if (domain.source !== "purchased" || domain.registrarAccountId !== null)
    throw new AppError(
      "bad_request",
      "this domain's renewal is not billed here: it was added by hand or bought with your own registrar account",
    );
  if (!domain.expiresAt)
    throw new AppError(
      "conflict",
      "the registrar has not told us this domain's expiry date yet: try again later",
    );
  if (domain.expiresAt <= new Date())
    throw new AppError("conflict", "this domain has expired: it can no longer be renewed from here");
  const result = await chargeRenewal(db, domain, { manual: true });
  if (result.outcome === "skipped") {
    if (!result.renewal) throw new AppError("conflict", "no renewal price is known for this domain");
    if (result.renewal.status === "charging")
      throw new AppError("conflict", "a charge of this renewal is in progress: check again in a minute");
    // paid already; a lapsing domain whose restore failed earlier gets it now
    if (result.renewal.status === "charged" && domain.renewalStatus === "lapsing")
      await restoreAutoRenew(db, domain).catch(() => {
        throw new AppError(
          "unavailable",
          "the renewal is paid, but the registrar did not confirm turning auto-renew back on: it is retried automatically",
        );
      });
  }
  const fresh = await findDomain(db, workspaceId, domainId);
  const view = (await renewalViews(db, [fresh])).get(fresh.id) ?? null;
  return { outcome: result.outcome === "skipped" ? "already_charged" : result.outcome, renewal: view };
}
