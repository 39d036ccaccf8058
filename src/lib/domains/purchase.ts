import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { stripeClient } from "@/lib/billing/stripe-client";
import { env } from "@/lib/config/env";
import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { Db } from "@/lib/db/client";
import { type Domain, domainOrderItems, domainOrders, domains } from "@/lib/db/schema";
import type { Logger } from "@/lib/logger";
import { enqueue } from "@/lib/queue/enqueue";
import { getRegistrar } from "@/lib/registrars/get-registrar";
import {
  type RegisterResult,
  type Registrar,
  type RegistrarDomain,
  RegistrarError,
  type RegistrarId,
} from "@/lib/registrars/types";
import { money } from "./money";
import { displayName } from "./names";

/** how soon a pending registration is polled again */
export const POLL_DELAY_MS = 3_000;
/** a registration waiting for a person at the registrar is looked at this rarely */
const ACTION_REQUIRED_DELAY_MS = 15 * 60_000;
/** statuses after which the purchase is done (DNS setup and later belong to other jobs) */
const DONE = ["registered", "configuring_dns", "verifying_dns", "active"] as const;

const Contact = z.object({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  organization: z.string().optional(),
  email: z.email(),
  phone: z.string().min(5),
  address1: z.string().min(1),
  address2: z.string().optional(),
  city: z.string().min(1),
  state: z.string().min(1),
  postalCode: z.string().min(1),
  country: z.string().length(2),
});

/**
 * The domains.purchase job: paid → registering → registered, then the hand-over to DNS setup
 * (configuring_dns + domains.setup-dns), or failed with the line refunded through Stripe.
 *
 * Safe to run twice and on two workers at once:
 * - the step is claimed with a conditional UPDATE (paid → registering), and the registrar is only
 *   called under a per-domain advisory lock, so two workers never register the same domain at once;
 * - before registering, the registrar is asked whether the domain is already ours (a job retried
 *   after a registration that succeeded but was not recorded never buys twice), and the register
 *   call carries the domain id as idempotency key;
 * - Cloudflare registrations are non-refundable: availability and cost are asked again right
 *   before registering, and a name gone or dearer than quoted is refunded instead of bought.
 *
 * `finalAttempt`: no retry follows, so a transient registrar error fails and refunds the line now.
 */
export async function purchaseDomain(
  db: Db,
  domainId: string,
  opts: { finalAttempt?: boolean; log?: Logger } = {},
): Promise<{ state: string }> {
  await db
    .update(domains)
    .set({ status: "registering", statusReason: null, updatedAt: new Date() })
    .where(and(eq(domains.id, domainId), eq(domains.status, "paid")));

  const domain = await load(db, domainId);
  if (!domain) return { state: "missing" };
  if (domain.status === "registered" || domain.status === "configuring_dns") {
    await handOver(db, domain);
    return { state: domain.status };
  }
  if (domain.status !== "registering") return { state: domain.status };

  const lock = await tryAdvisoryLock(`domains.purchase:${domainId}`);
  if (!lock) return { state: "locked" }; // another worker is on it right now
  try {
    const current = await load(db, domainId);
    if (current?.status !== "registering") return { state: current?.status ?? "missing" };
    return await register(db, current, opts);
  } catch (err) {
    const retryable = !(err instanceof RegistrarError) || err.retryable;
    const message = err instanceof Error ? err.message : String(err);
    if (retryable && !opts.finalAttempt) {
      await db
        .update(domains)
        .set({
          statusReason: `The registrar had a temporary problem; retrying (${message})`,
          updatedAt: new Date(),
        })
        .where(and(eq(domains.id, domainId), eq(domains.status, "registering")));
      throw err; // pg-boss retries with backoff
    }
    const current = await load(db, domainId);
    if (current?.status !== "registering") throw err;
    await refundAndFail(
      db,
      current,
      retryable
        ? `The registrar kept failing (${message}); the domain was not bought and its price was refunded`
        : failureReason(err as RegistrarError, current.name),
    );
    return { state: "failed" };
  } finally {
    await lock.release();
  }
}

async function register(db: Db, domain: Domain, opts: { log?: Logger }): Promise<{ state: string }> {
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });

  if (domain.registrarOperationId) {
    // a registration in flight: follow it (a failed one throws its RegistrarError)
    return settle(db, domain, registrar, await registrar.registrationStatus(domain.registrarOperationId));
  }
  const existing = await registrar.getDomain(domain.name);
  if (existing?.ours) return registered(db, domain, existing);

  const [item] = await db.select().from(domainOrderItems).where(eq(domainOrderItems.domainId, domain.id));
  const contact = registrantContact();
  if ("problem" in contact) {
    await refundAndFail(db, domain, contact.problem);
    return { state: "failed" };
  }

  const [availability] = await registrar.check([domain.name]);
  const shown = displayName(domain.name);
  if (!availability?.available || availability.premium) {
    const why = availability?.premium
      ? "it became a premium name"
      : `it was registered by someone else${availability?.reason ? ` (${availability.reason})` : ""}`;
    await refundAndFail(db, domain, `${shown} could not be bought: ${why}. Its price was refunded.`);
    return { state: "failed" };
  }
  const quoted = item?.costCents ?? null;
  if (quoted === null || availability.registrationCents === null || availability.registrationCents > quoted) {
    await refundAndFail(
      db,
      domain,
      `${shown} was not bought: the registrar's price rose to ${money(availability.registrationCents, availability.currency)} from the quoted ${money(quoted, availability.currency)}. Its price was refunded.`,
    );
    return { state: "failed" };
  }

  opts.log?.info({ domainId: domain.id, registrar: registrar.id }, "registering domain");
  const result = await registrar.register({
    name: domain.name,
    years: item?.years ?? 1,
    contact: contact.contact,
    privacy: true,
    autoRenew: true,
    idempotencyKey: domain.id,
  });
  return settle(db, domain, registrar, result);
}

async function settle(
  db: Db,
  domain: Domain,
  registrar: Registrar,
  result: RegisterResult,
): Promise<{ state: string }> {
  if (result.state === "succeeded") {
    // a workflow's answer may lack the nameservers or dates: the domain record has them
    const r = result.domain;
    const full =
      r.nameservers.length && r.expiresAt ? r : await registrar.getDomain(domain.name).catch(() => null);
    return registered(db, domain, full?.ours ? full : r);
  }
  const waiting = result.state === "action_required";
  await db
    .update(domains)
    .set({
      registrarOperationId: result.operationId,
      statusReason: waiting ? `Waiting for the registrar: ${result.reason}` : null,
      updatedAt: new Date(),
    })
    .where(and(eq(domains.id, domain.id), eq(domains.status, "registering")));
  // poll again later with a new job (this one completes: a pending registration is not an error)
  await enqueue(
    "domains.purchase",
    { domainId: domain.id },
    { startAfter: new Date(Date.now() + (waiting ? ACTION_REQUIRED_DELAY_MS : POLL_DELAY_MS)) },
  );
  return { state: result.state };
}

/** Record the registration, then hand over to DNS setup. */
async function registered(db: Db, domain: Domain, at: RegistrarDomain): Promise<{ state: string }> {
  const now = new Date();
  await db
    .update(domains)
    .set({
      status: "registered",
      statusReason: null,
      registeredAt: at.createdAt ?? now,
      expiresAt: at.expiresAt,
      domainCreatedAt: at.createdAt ?? now,
      nameservers: at.nameservers.length ? at.nameservers : null,
      registrarOperationId: null,
      updatedAt: now,
    })
    .where(and(eq(domains.id, domain.id), eq(domains.status, "registering")));
  const after = await load(db, domain.id);
  if (after) await handOver(db, after);
  return { state: "registered" };
}

/**
 * registered → configuring_dns + a domains.setup-dns job. Repeated while setup has not started
 * (no progress recorded), so a crash between the two steps is healed by the job's retry.
 */
async function handOver(db: Db, domain: Domain) {
  await db
    .update(domains)
    .set({ status: "configuring_dns", updatedAt: new Date() })
    .where(and(eq(domains.id, domain.id), eq(domains.status, "registered")));
  if (!domain.dnsProgress)
    await enqueue(
      "domains.setup-dns",
      { domainId: domain.id },
      { singletonKey: `setup-dns:${domain.id}`, singletonSeconds: 300 },
    );
  if (domain.orderId) await completeOrderIfDone(db, domain.orderId);
}

/**
 * Refund this domain's line through Stripe (idempotent per domain), then mark it failed with the
 * reason. A refund that fails throws: the job retries it (the idempotency key makes that safe).
 */
async function refundAndFail(db: Db, domain: Domain, reason: string) {
  const [item] = await db.select().from(domainOrderItems).where(eq(domainOrderItems.domainId, domain.id));
  let refundId: string | null = null;
  const amount = item?.priceCents ?? domain.priceCents ?? 0;
  if (domain.stripePaymentIntentId && amount > 0) {
    const refund = await stripeClient().refunds.create(
      {
        payment_intent: domain.stripePaymentIntentId,
        amount,
        metadata: { domainId: domain.id, orderId: domain.orderId ?? "", domain: domain.name },
      },
      { idempotencyKey: `refund:${domain.id}` },
    );
    refundId = refund.id;
  }
  const now = new Date();
  await db.transaction(async (tx) => {
    const failed = await tx
      .update(domains)
      .set({
        status: "failed",
        statusReason: refundId
          ? reason
          : `${reason}${domain.stripePaymentIntentId ? "" : " (no payment to refund)"}`,
        refundId,
        refundedAt: refundId ? now : null,
        registrarOperationId: null,
        updatedAt: now,
      })
      .where(and(eq(domains.id, domain.id), eq(domains.status, "registering")))
      .returning({ id: domains.id });
    if (failed.length === 0 || !item || !refundId) return;
    await tx
      .update(domainOrderItems)
      .set({ refundId, refundedCents: amount })
      .where(eq(domainOrderItems.id, item.id));
    await tx
      .update(domainOrders)
      .set({
        refundedCents: sql`greatest(${domainOrders.refundedCents}, (select coalesce(sum(${domainOrderItems.refundedCents}), 0) from ${domainOrderItems} where ${domainOrderItems.orderId} = ${item.orderId}))`,
        updatedAt: now,
      })
      .where(eq(domainOrders.id, item.orderId));
  });
  if (domain.orderId) await completeOrderIfDone(db, domain.orderId);
}

/** A paid order whose domains are all registered (or later) or failed is completed. */
async function completeOrderIfDone(db: Db, orderId: string) {
  await db
    .update(domainOrders)
    .set({ status: "completed", updatedAt: new Date() })
    .where(
      and(
        eq(domainOrders.id, orderId),
        eq(domainOrders.status, "paid"),
        sql`not exists (select 1 from ${domains} where ${domains.orderId} = ${orderId} and ${notInArray(domains.status, [...DONE, "failed"])})`,
      ),
    );
}

function registrantContact(): { contact: z.output<typeof Contact> } | { problem: string } {
  const raw = env().DOMAIN_REGISTRANT_CONTACT;
  if (!raw)
    return {
      problem:
        "The domain was not bought: this server has no registrant contact configured (DOMAIN_REGISTRANT_CONTACT). Its price was refunded.",
    };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      problem:
        "The domain was not bought: DOMAIN_REGISTRANT_CONTACT is not valid JSON. Its price was refunded.",
    };
  }
  const parsed = Contact.safeParse(json);
  if (!parsed.success)
    return {
      problem: `The domain was not bought: DOMAIN_REGISTRANT_CONTACT is incomplete (${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}). Its price was refunded.`,
    };
  return { contact: parsed.data };
}

function failureReason(err: RegistrarError, name: string): string {
  const shown = displayName(name);
  const why: Record<string, string> = {
    taken: "it was registered by someone else",
    premium: "it is a premium name",
    unsupported_tld: "the registrar does not sell this TLD through its API",
    invalid_name: "the registrar refused the name",
    insufficient_funds: "the platform's registrar account has insufficient funds",
    auth: "the registrar refused our credentials",
    price_changed: "the registrar's price changed",
  };
  return `${shown} could not be bought: ${why[err.code] ?? err.message}. Its price was refunded.`;
}

async function load(db: Db, id: string): Promise<Domain | undefined> {
  const [row] = await db.select().from(domains).where(eq(domains.id, id));
  return row;
}
