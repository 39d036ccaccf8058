import { and, eq, notInArray, sql } from "drizzle-orm";
import { recordLineRefund, refundOrderLine } from "@/lib/billing/refund-order-line";
import { tryAdvisoryLock } from "@/lib/db/advisory-lock";
import type { Db } from "@/lib/db/client";
import { type Domain, type DomainOrderItem, domainOrderItems, domainOrders, domains } from "@/lib/db/schema";
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
import { registrantContact } from "./registrant-contact";
import { termCostCents } from "./term-cost";

/** how soon a pending registration is polled again */
export const POLL_DELAY_MS = 3_000;
/** a registration waiting for a person at the registrar is looked at this rarely */
const ACTION_REQUIRED_DELAY_MS = 15 * 60_000;
/** a register request whose outcome the registrar could not tell us is asked about this often */
const UNCONFIRMED_DELAY_MS = 15 * 60_000;
/** statuses after which the purchase is done (DNS setup and later belong to other jobs) */
const DONE = ["registered", "configuring_dns", "verifying_dns", "active"] as const;

/**
 * The domains.purchase job: paid → registering → registered, then the hand-over to DNS setup
 * (configuring_dns + domains.setup-dns), or failed with the line refunded through Stripe.
 *
 * Every registrar call and refund is keyed by the ORDER LINE (order id + domain id), never by the
 * domain alone: a domain row is reused when its name is checked out again, and a key reused with
 * other parameters is refused (Stripe, Name.com) or answers the first order's request.
 *
 * Safe to run twice and on two workers at once:
 * - the step is claimed with a conditional UPDATE (paid → registering), and the registrar is only
 *   called under a per-domain advisory lock, so two workers never register the same domain at once;
 * - every attempt first asks the registrar for the name's registration (findRegistration): a
 *   register call that timed out but went through is recorded, never refunded nor bought twice;
 * - Cloudflare registrations are non-refundable: availability and cost are asked again right
 *   before registering, and a name gone or dearer than quoted is refunded instead of bought.
 *
 * `finalAttempt`: no retry follows, so a transient registrar error fails and refunds the line now
 * — unless the register request was sent: then the registrar is asked what became of it first,
 * and when it cannot say, the job asks again later instead of refunding a domain the platform may
 * have paid for.
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
    return await attempt(db, current, await orderLine(db, current), opts);
  } catch (err) {
    const retryable = !(err instanceof RegistrarError) || err.retryable;
    const message = err instanceof Error ? err.message : String(err);
    if (retryable && !opts.finalAttempt) {
      await setReason(db, domainId, `The registrar had a temporary problem; retrying (${message})`);
      throw err; // pg-boss retries with backoff
    }
    const current = await load(db, domainId);
    if (current?.status !== "registering") throw err;
    const item = await orderLine(db, current);
    if (retryable && item.registrationRequestedAt) {
      // the register request was sent: ask what became of it before refunding anything
      const settled = await lookAgain(db, current, item, message);
      if (settled) return settled;
    }
    await refundAndFail(
      db,
      current,
      item,
      retryable
        ? `The registrar kept failing (${message}); the domain was not bought and its price was refunded`
        : failureReason(err as RegistrarError, current.name),
    );
    return { state: "failed" };
  } finally {
    await lock.release();
  }
}

async function attempt(
  db: Db,
  domain: Domain,
  item: DomainOrderItem,
  opts: { log?: Logger },
): Promise<{ state: string }> {
  const registrar = await getRegistrar(db, {
    registrar: domain.registrar as RegistrarId,
    accountId: domain.registrarAccountId,
  });
  const shown = displayName(domain.name);

  const found = await registrationOf(registrar, domain, item);
  if (found === "someone_else") {
    await refundAndFail(
      db,
      domain,
      item,
      `${shown} could not be bought: it was registered by someone else. Its price was refunded.`,
    );
    return { state: "failed" };
  }
  if (found) return settle(db, domain, registrar, found);

  const contact = registrantContact();
  if ("problem" in contact) {
    await refundAndFail(db, domain, item, contact.problem);
    return { state: "failed" };
  }

  const [availability] = await registrar.check([domain.name]);
  if (!availability?.available || availability.premium) {
    const why = availability?.premium
      ? "it became a premium name"
      : `it was registered by someone else${availability?.reason ? ` (${availability.reason})` : ""}`;
    await refundAndFail(db, domain, item, `${shown} could not be bought: ${why}. Its price was refunded.`);
    return { state: "failed" };
  }
  const cost = termCostCents(availability, item.years);
  if (cost === null || cost > item.costCents) {
    await refundAndFail(
      db,
      domain,
      item,
      `${shown} was not bought: the registrar's price rose to ${money(cost, availability.currency)} from the quoted ${money(item.costCents, availability.currency)}. Its price was refunded.`,
    );
    return { state: "failed" };
  }

  // committed before the request leaves: from now on a registration of the name may be this line's
  await db
    .update(domainOrderItems)
    .set({ registrationRequestedAt: sql`coalesce(${domainOrderItems.registrationRequestedAt}, now())` })
    .where(eq(domainOrderItems.id, item.id));
  opts.log?.info(
    { domainId: domain.id, orderItemId: item.id, registrar: registrar.id },
    "registering domain",
  );
  const extensions = item.extensionValues ?? {};
  const result = await registrar.register({
    name: domain.name,
    years: item.years,
    contact: contact.contact,
    ...(Object.keys(extensions).length > 0 ? { contactExtensions: extensions } : {}),
    privacy: true,
    autoRenew: true,
    idempotencyKey: item.id,
  });
  return settle(db, domain, registrar, result);
}

/**
 * After the last attempt failed on a register request that was sent: the registrar's word on it.
 * Bought or in progress → recorded or followed (null is returned when nothing was bought, and the
 * caller refunds). When the registrar cannot say, nobody knows whether the platform paid for the
 * name: nothing is refunded, and the job looks again later.
 */
async function lookAgain(
  db: Db,
  domain: Domain,
  item: DomainOrderItem,
  message: string,
): Promise<{ state: string } | null> {
  try {
    const registrar = await getRegistrar(db, {
      registrar: domain.registrar as RegistrarId,
      accountId: domain.registrarAccountId,
    });
    const found = await registrationOf(registrar, domain, item);
    return found && found !== "someone_else" ? await settle(db, domain, registrar, found) : null;
  } catch (err) {
    if (err instanceof RegistrarError && !err.retryable) return null; // the registration failed
    await setReason(
      db,
      domain.id,
      `The registrar could not confirm whether ${displayName(domain.name)} was registered (${message}); asking again later`,
    );
    await enqueue(
      "domains.purchase",
      { domainId: domain.id },
      { startAfter: new Date(Date.now() + UNCONFIRMED_DELAY_MS) },
    );
    return { state: "unconfirmed" };
  }
}

/**
 * The registrar's registration of the name, as far as it is this line's. Before this line sent a
 * register request, any registration found is another order's (someone_else), and a failed one is
 * an earlier attempt's, which says nothing about now (null). After, it is this line's own: a
 * failed one throws its RegistrarError and the line is refunded.
 */
async function registrationOf(
  registrar: Registrar,
  domain: Domain,
  item: DomainOrderItem,
): Promise<RegisterResult | "someone_else" | null> {
  let found: RegisterResult | null;
  try {
    found = await registrar.findRegistration(domain.name);
  } catch (err) {
    if (item.registrationRequestedAt || !(err instanceof RegistrarError) || err.retryable) throw err;
    return null;
  }
  if (found && !item.registrationRequestedAt) return "someone_else";
  return found;
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
 * Refund this order line through Stripe (keyed by the line), then mark the domain failed with the
 * reason. A refund that fails throws: the job retries it (the idempotency key makes that safe).
 */
async function refundAndFail(db: Db, domain: Domain, item: DomainOrderItem, reason: string) {
  const refund = await refundOrderLine(item, domain.stripePaymentIntentId, { domainId: domain.id });
  const now = new Date();
  await db.transaction(async (tx) => {
    const failed = await tx
      .update(domains)
      .set({
        status: "failed",
        statusReason: refund
          ? reason
          : `${reason}${domain.stripePaymentIntentId ? "" : " (no payment to refund)"}`,
        refundId: refund?.id ?? null,
        refundedAt: refund ? now : null,
        registrarOperationId: null,
        updatedAt: now,
      })
      .where(and(eq(domains.id, domain.id), eq(domains.status, "registering")))
      .returning({ id: domains.id });
    if (failed.length > 0 && refund) await recordLineRefund(tx, item, refund);
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

/** The order line this purchase is for: the domain's current order and the domain. */
async function orderLine(db: Db, domain: Domain): Promise<DomainOrderItem> {
  const [item] = domain.orderId
    ? await db
        .select()
        .from(domainOrderItems)
        .where(and(eq(domainOrderItems.orderId, domain.orderId), eq(domainOrderItems.domainId, domain.id)))
    : [];
  // written in the same transaction as the domain's order: a missing line is a bug, not a refusal
  if (!item) throw new Error(`domain ${domain.id} has no line in order ${domain.orderId ?? "(none)"}`);
  return item;
}

async function setReason(db: Db, domainId: string, reason: string) {
  await db
    .update(domains)
    .set({ statusReason: reason, updatedAt: new Date() })
    .where(and(eq(domains.id, domainId), eq(domains.status, "registering")));
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
