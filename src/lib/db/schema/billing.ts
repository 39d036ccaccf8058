import { index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { cascadeRef, createdAt, id, oneOf, updatedAt } from "./columns";
import { domains } from "./domains";
import { workspaceRef } from "./workspaces";

/**
 * A workspace as a Stripe customer: made once at its first checkout, so the card it pays with is
 * saved (setup_future_usage: off_session) and domain renewals can be charged without the customer.
 * The payment method is the latest paid checkout's: a later purchase with another card replaces it.
 */
export const workspaceBilling = pgTable("workspace_billing", {
  workspaceId: workspaceRef().primaryKey(),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  stripePaymentMethodId: text("stripe_payment_method_id"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type WorkspaceBilling = typeof workspaceBilling.$inferSelect;

/** `charging` is claimed and in flight; `charged`/`failed`/`refunded` are the outcomes. */
export const renewalChargeStatuses = ["charging", "charged", "failed", "refunded"] as const;
export type RenewalChargeStatus = (typeof renewalChargeStatuses)[number];

/**
 * The customer's charge for one renewal period of a purchased domain: one row per (domain, expiry
 * it renews), so two workers, or a sweep and a "retry charge" click, never charge one period twice.
 * Failed charges are retried on the same row (`attempts`, `next_attempt_at`).
 */
export const domainRenewals = pgTable(
  "domain_renewals",
  {
    id: id(),
    domainId: cascadeRef("domain_id", () => domains.id),
    workspaceId: workspaceRef(),
    /** the expiry date this charge renews the domain past */
    periodExpiresAt: timestamp("period_expires_at", { withTimezone: true }).notNull(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    status: text("status").$type<RenewalChargeStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** when the sweep may try a failed charge again (null: no more automatic attempts) */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    /** the last attempt's failure as Stripe worded it (a card decline: no secret in it) */
    error: text("error"),
    errorCode: text("error_code"),
    chargedAt: timestamp("charged_at", { withTimezone: true }),
    refundId: text("refund_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("domain_renewals_domain_period_idx").on(t.domainId, t.periodExpiresAt),
    index("domain_renewals_due_idx").on(t.status, t.nextAttemptAt),
    oneOf("domain_renewals_status_check", t.status, renewalChargeStatuses),
  ],
);
export type DomainRenewal = typeof domainRenewals.$inferSelect;
