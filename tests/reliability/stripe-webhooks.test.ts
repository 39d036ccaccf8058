import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { domainOrders, domains, stripeEvents } from "../../src/lib/db/schema";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import {
  type FakeCloudflareRegistrar,
  startFakeCloudflareRegistrar,
} from "../integration/fakes/cloudflare-registrar";
import { type FakeEvent, type FakeStripe, startFakeStripe } from "../integration/fakes/stripe";
import { type AppServer, startAppServer } from "../integration/helpers/app-server";
import { jobsOf, pendingJobs } from "../integration/helpers/net-jobs";
import { signUp } from "../integration/helpers/users";

/**
 * Stripe retries a webhook until it gets a 2xx, may deliver one event several times at once, and
 * does not keep events in order. Each event here goes to the app's real route five times — three
 * of them at the same moment, together with the other event of the same checkout, and the later
 * event first — signed with the SDK's own helper. The registrar imitation counts registrations.
 */

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64url")}`;
const CONTACT = {
  firstName: "Ada",
  lastName: "Lovelace",
  email: "domains@coldframe.test",
  phone: "+1.5555550100",
  address1: "1 Loop Road",
  city: "Springfield",
  state: "IL",
  postalCode: "62701",
  country: "US",
};

let app: AppServer;
let cf: FakeCloudflareRegistrar;
let stripe: FakeStripe;
let worker: RunningWorker;

beforeAll(async () => {
  cf = await startFakeCloudflareRegistrar();
  stripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
  app = await startAppServer({
    CLOUDFLARE_API_TOKEN: cf.token,
    CLOUDFLARE_ACCOUNT_ID: cf.accountId,
    CLOUDFLARE_BASE_URL: cf.baseUrl,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_URL: stripe.apiUrl,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DOMAIN_SEARCH_TLDS: "com,io",
    DOMAIN_REGISTRANT_CONTACT: JSON.stringify(CONTACT),
    DNS_PROVIDER: "none",
  });
  worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers });
});
afterEach(() => {
  stripe.webhookUrl = undefined;
});
afterAll(async () => {
  await worker?.stop(10_000);
  await app?.close();
  await Promise.all([cf?.close(), stripe?.close()]);
});

const orderRow = async (id: string) =>
  (await getDb().select().from(domainOrders).where(eq(domainOrders.id, id)))[0]!;
const label = () => `wh${randomBytes(5).toString("hex")}`;

/** A signed-in user's order of these names, and its Stripe Checkout Session (nothing delivered yet). */
async function order(names: string[]) {
  const { client } = await signUp(app.url);
  for (const name of names) {
    const res = await client.post("/api/v1/cart", { name });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  const res = await client.post("/api/domains/checkout", {});
  expect(res.status, await res.clone().text()).toBe(201);
  const { orderId } = (await res.json()) as { orderId: string };
  const [row] = await getDb().select().from(domainOrders).where(eq(domainOrders.id, orderId));
  return { client, orderId, sessionId: row!.stripeCheckoutSessionId! };
}

/** The events Stripe sent for a session since `from`, each by type. */
const eventsOf = (sessionId: string, from: number) =>
  stripe.events.slice(from).filter((e) => (e.data.object as { id: string }).id === sessionId);

/**
 * Two events of one checkout, each delivered five times, the later one first: `later` alone (the
 * state it leaves is passed to `check`), then both three times at once (six requests together),
 * then one by one: `earlier`, `later`, `earlier`. Returns every delivery's HTTP status.
 */
async function deliverFiveTimesEach(later: FakeEvent, earlier: FakeEvent, check: () => Promise<void>) {
  stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
  const statuses = [await stripe.deliver(later)];
  await check();
  statuses.push(
    ...(await Promise.all([later, later, later, earlier, earlier, earlier].map((e) => stripe.deliver(e)))),
  );
  for (const e of [earlier, later, earlier]) statuses.push(await stripe.deliver(e));
  return statuses;
}

/**
 * Every domain of the order registered, and no purchase job of them left to run: after this no
 * further registration can happen, so counting the registrar's calls is final.
 */
async function settled(orderId: string) {
  return until(
    "every domain registered and no purchase job left",
    async () => {
      const rows = await getDb().select().from(domains).where(eq(domains.orderId, orderId));
      if (!rows.length || rows.some((d) => !d.registeredAt)) return null;
      for (const d of rows)
        if ((await pendingJobs("domains.purchase", { data: ["domainId", d.id] })) > 0) return null;
      return rows;
    },
    { timeoutMs: 60_000 },
  );
}

async function assertOnePaymentAndOneRegistrationEach(orderId: string, names: string[], events: FakeEvent[]) {
  const rows = await settled(orderId);
  const [o] = await getDb().select().from(domainOrders).where(eq(domainOrders.id, orderId));
  const session = stripe.sessions.get(o!.stripeCheckoutSessionId!)!;
  // one payment: the order paid once, with the session's payment intent; nothing refunded
  expect(["paid", "completed"]).toContain(o!.status);
  expect(o!.stripePaymentIntentId).toBe(session.payment_intent);
  expect(o!.refundedCents).toBe(0);
  expect(stripe.refunds.filter((r) => r.payment_intent === session.payment_intent)).toEqual([]);
  // each event recorded once
  const recorded = await getDb()
    .select()
    .from(stripeEvents)
    .where(
      inArray(
        stripeEvents.id,
        events.map((e) => e.id),
      ),
    );
  expect(recorded.map((r) => r.id).sort()).toEqual(events.map((e) => e.id).sort());
  // one registration per domain at the registrar
  for (const name of names) {
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
    expect(cf.registered.has(name)).toBe(true);
  }
  expect(rows.map((d) => d.stripePaymentIntentId)).toEqual(names.map(() => session.payment_intent));
  return o!;
}

describe("a Stripe webhook delivered five times, three at once, out of order", () => {
  it("delayed payment: async_payment_succeeded before completed (unpaid) — one payment, one registration per domain", async () => {
    const names = [`${label()}.com`, `${label()}.io`];
    const { orderId, sessionId } = await order(names);
    const from = stripe.events.length;
    await stripe.pay(sessionId, { async: true }); // not delivered: webhookUrl is unset
    const [completed, succeeded] = eventsOf(sessionId, from);
    expect([completed!.type, succeeded!.type]).toEqual([
      "checkout.session.completed",
      "checkout.session.async_payment_succeeded",
    ]);

    const statuses = await deliverFiveTimesEach(succeeded!, completed!, async () => {
      expect((await orderRow(orderId)).status).toBe("paid"); // the succeeded event alone pays
    });
    expect(statuses).toEqual(Array(10).fill(200));
    const paid = await assertOnePaymentAndOneRegistrationEach(orderId, names, [completed!, succeeded!]);

    // five more deliveries of each, after the registration: nothing changes, nothing is bought again
    expect(await deliverFiveTimesEach(succeeded!, completed!, async () => {})).toEqual(Array(10).fill(200));
    const again = await assertOnePaymentAndOneRegistrationEach(orderId, names, [completed!, succeeded!]);
    expect(again.paidAt).toEqual(paid.paidAt);
    // the repeated deliveries each asked for a purchase job at most once a minute per domain, and
    // every one of them found the domain registered
    for (const d of await getDb().select().from(domains).where(eq(domains.orderId, orderId))) {
      const purchase = await jobsOf("domains.purchase", { data: ["domainId", d.id] });
      expect(purchase.every((j) => j.state === "completed")).toBe(true);
    }
  });

  it("card payment with a late `expired` arriving with it and before it: the payment wins, one registration per domain", async () => {
    const names = [`${label()}.com`, `${label()}.com`];
    const { orderId, sessionId } = await order(names);
    const from = stripe.events.length;
    await stripe.pay(sessionId);
    const [completed] = eventsOf(sessionId, from);
    expect(completed!.type).toBe("checkout.session.completed");
    // an `expired` for the same session (as a stale retry of an older event would bring)
    const expired: FakeEvent = {
      ...completed!,
      id: `evt_expired_${randomBytes(6).toString("hex")}`,
      type: "checkout.session.expired",
      created: completed!.created - 60,
    };

    const statuses = await deliverFiveTimesEach(expired, completed!, async () => {
      // out of order for real: the expiry was applied first and cancelled the domains
      expect((await orderRow(orderId)).status).toBe("expired");
      const cancelled = await getDb().select().from(domains).where(eq(domains.orderId, orderId));
      expect(cancelled.map((d) => d.status)).toEqual(["cancelled", "cancelled"]);
    });
    expect(statuses).toEqual(Array(10).fill(200));
    const o = await assertOnePaymentAndOneRegistrationEach(orderId, names, [expired, completed!]);
    expect(o.statusReason).toBeNull();
  });
});
