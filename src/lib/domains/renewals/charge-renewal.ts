import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { stripeClient } from "@/lib/billing/stripe-client";
import type { Db } from "@/lib/db/client";
import { type Domain, type DomainRenewal, domainRenewals, workspaceBilling } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { claimRenewalCharge } from "./claim-renewal-charge";
import { lapseRenewal } from "./lapse-renewal";
import { MAX_ATTEMPTS, renewalChargeKey, renewalPriceOf, retryDelayMs } from "./renewal-policy";
import { restoreAutoRenew } from "./restore-auto-renew";

export type ChargeOutcome =
  | { outcome: "charged" | "failed"; renewal: DomainRenewal }
  /** not this caller's to charge now (charged already, in flight, or not due again yet) */
  | { outcome: "skipped"; renewal: DomainRenewal | null };

type Attempt =
  | { ok: true; paymentIntentId: string }
  | { ok: false; code: string; message: string; paymentIntentId: string | null };

/**
 * Charge the customer for the renewal of `domain`'s current period, off-session, with the card the
 * workspace saved at checkout. A decline is recorded and retried later (RETRY_DAYS); after the last
 * attempt auto-renew is turned off at the registrar and the workspace warned (lapseRenewal). A
 * charge that succeeds on a lapsing domain turns auto-renew back on. An error that leaves the
 * outcome unknown (Stripe unreachable) throws, with the claim kept until its lease ends: the same
 * attempt is then made again under the same idempotency key, so it is never charged twice.
 */
export async function chargeRenewal(
  db: Db,
  domain: Domain,
  opts: { manual?: boolean; now?: Date } = {},
): Promise<ChargeOutcome> {
  if (!domain.expiresAt) return { outcome: "skipped", renewal: null };
  const price = await renewalPriceOf(db, domain);
  if (!price) return { outcome: "skipped", renewal: null };
  const claim = await claimRenewalCharge(db, domain, price, opts);
  if (!claim) {
    const [current] = await db
      .select()
      .from(domainRenewals)
      .where(
        and(eq(domainRenewals.domainId, domain.id), eq(domainRenewals.periodExpiresAt, domain.expiresAt)),
      );
    return { outcome: "skipped", renewal: current ?? null };
  }

  const attempt = await attemptCharge(db, domain, claim);
  const now = opts.now ?? new Date();
  if (attempt.ok) {
    const [charged] = await db
      .update(domainRenewals)
      .set({
        status: "charged",
        stripePaymentIntentId: attempt.paymentIntentId,
        chargedAt: now,
        nextAttemptAt: null,
        error: null,
        errorCode: null,
        updatedAt: now,
      })
      .where(and(eq(domainRenewals.id, claim.id), eq(domainRenewals.status, "charging")))
      .returning();
    logger.info({ domainId: domain.id, renewalId: claim.id }, "renewal charged");
    if (domain.renewalStatus === "lapsing") await healLater(() => restoreAutoRenew(db, domain), domain);
    return { outcome: "charged", renewal: charged ?? claim };
  }

  const attempts = claim.attempts + 1;
  const last = attempts >= MAX_ATTEMPTS;
  const [failed] = await db
    .update(domainRenewals)
    .set({
      status: "failed",
      attempts: sql`${domainRenewals.attempts} + 1`,
      stripePaymentIntentId: attempt.paymentIntentId,
      error: attempt.message,
      errorCode: attempt.code,
      nextAttemptAt: last ? null : new Date(now.getTime() + retryDelayMs()),
      updatedAt: now,
    })
    .where(and(eq(domainRenewals.id, claim.id), eq(domainRenewals.status, "charging")))
    .returning();
  logger.warn(
    { domainId: domain.id, renewalId: claim.id, code: attempt.code, attempts },
    "renewal charge failed",
  );
  if (last && domain.renewalStatus !== "lapsing")
    await healLater(() => lapseRenewal(db, domain, failed ?? claim), domain);
  return { outcome: "failed", renewal: failed ?? claim };
}

/**
 * The charge's outcome is recorded whatever the registrar says next: if turning auto-renew off
 * (or back on) fails, the sweep finds the domain half-done and does it on its next run.
 */
async function healLater(step: () => Promise<void>, domain: Domain) {
  try {
    await step();
  } catch (err) {
    logger.warn(
      { err, domainId: domain.id },
      "auto-renew not changed at the registrar; the renewal sweep retries",
    );
  }
}

async function attemptCharge(db: Db, domain: Domain, claim: DomainRenewal): Promise<Attempt> {
  const [billing] = await db
    .select()
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, domain.workspaceId));
  if (!billing?.stripePaymentMethodId)
    return {
      ok: false,
      code: "no_payment_method",
      message: "No card is saved for this workspace: it is saved when a domain is bought.",
      paymentIntentId: null,
    };
  try {
    const pi = await stripeClient().paymentIntents.create(
      {
        amount: claim.amountCents,
        currency: claim.currency,
        customer: billing.stripeCustomerId,
        payment_method: billing.stripePaymentMethodId,
        off_session: true,
        confirm: true,
        description: `Renewal of ${domain.name} for one year`,
        metadata: {
          domainId: domain.id,
          expiresAt: claim.periodExpiresAt.toISOString(),
          workspaceId: domain.workspaceId,
        },
      },
      { idempotencyKey: renewalChargeKey(domain.id, claim.periodExpiresAt, claim.attempts + 1) },
    );
    if (pi.status === "succeeded") return { ok: true, paymentIntentId: pi.id };
    return {
      ok: false,
      code: pi.status,
      message: `The payment did not complete (${pi.status.replaceAll("_", " ")}).`,
      paymentIntentId: pi.id,
    };
  } catch (err) {
    // a refusal about this charge (a decline, a card that needs its holder, a detached card): a
    // known outcome to record; anything else (network, Stripe down, our key) is thrown
    if (
      err instanceof Stripe.errors.StripeCardError ||
      err instanceof Stripe.errors.StripeInvalidRequestError
    )
      return {
        ok: false,
        code: err.code ?? err.type,
        message: err.message,
        paymentIntentId: err.payment_intent?.id ?? null,
      };
    throw err;
  }
}
