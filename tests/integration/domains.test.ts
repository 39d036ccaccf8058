import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { getDb, getPool } from "../../src/lib/db/client";
import { domainOrderItems, domainOrders, domains, stripeEvents } from "../../src/lib/db/schema";
import { purchaseDomain } from "../../src/lib/domains/purchase";
import { enqueue } from "../../src/lib/queue/enqueue";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { type FakeCloudflareRegistrar, startFakeCloudflareRegistrar } from "./fakes/cloudflare-registrar";
import { type FakeNamecom, startFakeNamecom } from "./fakes/namecom";
import { startFakeRdap } from "./fakes/rdap";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { jobsOf, pendingJobs } from "./helpers/net-jobs";
import { signUp } from "./helpers/users";

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64url")}`;
const TLDS = ["com", "net", "org", "io", "co", "ai", "app", "dev", "xyz", "email", "info", "biz"];
const CONTACT = {
  firstName: "Ada",
  lastName: "Lovelace",
  organization: "Coldframe Test",
  email: "domains@coldframe.test",
  phone: "+1.5555550100",
  address1: "1 Loop Road",
  city: "Springfield",
  state: "IL",
  postalCode: "62701",
  country: "US",
};
// 10% then 50 cents, rounded up: .com at 10.44 → ceil(1148.4) + 50 = 11.99
const price = (cost: number) => Math.ceil((cost * 110) / 100) + 50;

let app: AppServer;
let cf: FakeCloudflareRegistrar;
let nc: FakeNamecom;
let stripe: FakeStripe;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  cf = await startFakeCloudflareRegistrar();
  nc = await startFakeNamecom();
  stripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
  app = await startAppServer({
    CLOUDFLARE_API_TOKEN: cf.token,
    CLOUDFLARE_ACCOUNT_ID: cf.accountId,
    CLOUDFLARE_BASE_URL: cf.baseUrl,
    NAMECOM_USERNAME: nc.username,
    NAMECOM_TOKEN: nc.token,
    NAMECOM_API_URL: nc.apiUrl,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_URL: stripe.apiUrl,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DOMAIN_MARKUP_PERCENT: "10",
    DOMAIN_MARKUP_CENTS: "50",
    DOMAIN_SEARCH_TLDS: TLDS.join(","),
    DOMAIN_REGISTRANT_CONTACT: JSON.stringify(CONTACT),
    DNS_PROVIDER: "none",
  });
  stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
});
afterEach(async () => {
  await worker?.stop(10_000);
  worker = undefined;
});
afterAll(async () => {
  await app?.close();
  await Promise.all([cf?.close(), nc?.close(), stripe?.close()]);
});

const startAppWorker = async () => {
  worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers });
  return worker;
};

const label = (prefix = "cf") => `${prefix}${randomBytes(5).toString("hex")}`;
const domainRow = async (name: string, workspaceId: string) =>
  (await getDb().select().from(domains).where(eq(domains.name, name))).find(
    (d) => d.workspaceId === workspaceId,
  );
const orderRow = async (id: string) =>
  (await getDb().select().from(domainOrders).where(eq(domainOrders.id, id)))[0]!;

async function addToCart(client: HttpClient, name: string) {
  const res = await client.post("/api/v1/cart", { name });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; name: string; priceCents: number };
}

async function checkout(client: HttpClient, names: string[]) {
  for (const name of names) await addToCart(client, name);
  const res = await client.post("/api/domains/checkout", {});
  expect(res.status, await res.clone().text()).toBe(201);
  const { orderId, url } = (await res.json()) as { orderId: string; url: string };
  const order = await orderRow(orderId);
  return { orderId, url, sessionId: order.stripeCheckoutSessionId! };
}

type OrderView = {
  status: string;
  statusReason: string | null;
  refundedCents: number;
  checkoutUrl: string | null;
  items: {
    name: string;
    priceCents: number;
    refundedCents: number;
    domainStatus: string;
    domainStatusReason: string | null;
    registeredAt: string | null;
  }[];
};
const getOrder = async (client: HttpClient, id: string) =>
  (await (await client.get(`/api/v1/orders/${id}`)).json()) as OrderView;

const REGISTERED_OR_LATER = ["registered", "configuring_dns", "verifying_dns", "active"];

describe("bulk search", () => {
  it("checks 10 names × 12 TLDs in batches of 20, prices with markup, shows premium unsold, errors per bad name", async () => {
    const { client } = await signUp(app.url);
    const labels = Array.from({ length: 10 }, () => label());
    cf.taken.add(`${labels[0]}.com`);
    cf.premium.set(`${labels[1]}.io`, 250_000);
    const checksBefore = cf.checkCalls;
    const batchesBefore = cf.checkBatches.length;

    const res = await client.post("/api/v1/domains/search", {
      names: [...labels, "bad_name", "-dash", "bücher"],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: {
        name: string;
        displayName: string;
        available: boolean;
        premium: boolean;
        priceCents: number | null;
        tld: string;
        suggestion: boolean;
        inCart: boolean;
        registrar: string;
      }[];
      errors: { input: string; message: string }[];
      tlds: string[];
    };
    expect(body.tlds).toEqual(TLDS);
    expect(body.results).toHaveLength(11 * 12);
    // one check call per 20 names, no more (the names of the IDN too)
    const batches = cf.checkBatches.slice(batchesBefore);
    expect(cf.checkCalls - checksBefore).toBe(Math.ceil((11 * 12) / 20));
    expect(batches.every((b) => b.length <= 20)).toBe(true);
    expect(batches.flat().sort()).toEqual(body.results.map((r) => r.name).sort());

    const byName = new Map(body.results.map((r) => [r.name, r]));
    expect(byName.get(`${labels[0]}.com`)).toMatchObject({ available: false, premium: false });
    expect(byName.get(`${labels[1]}.io`)).toMatchObject({ available: false, premium: true });
    expect(byName.get(`${labels[2]}.com`)).toMatchObject({
      available: true,
      priceCents: price(1044),
      registrar: "cloudflare",
      inCart: false,
      suggestion: false,
    });
    expect(byName.get("xn--bcher-kva.com")).toMatchObject({ displayName: "bücher.com", available: true });
    expect(body.errors.map((e) => e.input)).toEqual(["bad_name", "-dash"]);
    expect(body.errors[0]!.message).toMatch(/only letters, digits and hyphens/);
    expect(body.errors[1]!.message).toMatch(/hyphen/);

    // asked again within the minute: answered from the cache
    await client.post("/api/v1/domains/search", { names: labels.slice(0, 3) });
    expect(cf.checkCalls - checksBefore).toBe(Math.ceil((11 * 12) / 20));
  });

  it("asks Name.com for the TLDs Cloudflare refuses, and adds suggestions when asked", async () => {
    const { client } = await signUp(app.url);
    cf.unsupportedTlds.add("ai");
    const l = label();
    const res = await client.post("/api/v1/domains/search", {
      names: [l],
      tlds: ["com", ".AI"],
      suggestions: true,
    });
    const body = (await res.json()) as {
      results: { name: string; registrar: string; available: boolean; suggestion: boolean }[];
      tlds: string[];
    };
    expect(body.tlds).toEqual(["com", "ai"]);
    expect(body.results.find((r) => r.name === `${l}.ai`)).toMatchObject({
      registrar: "namecom",
      available: true,
    });
    expect(body.results.find((r) => r.name === `${l}.com`)).toMatchObject({
      registrar: "cloudflare",
      suggestion: false,
    });
    const suggestions = body.results.filter((r) => r.suggestion).map((r) => r.name);
    expect(suggestions).toEqual(
      expect.arrayContaining([`get${l}.com`, `try${l}.com`, `${l}hq.com`, `${l}mail.ai`]),
    );
    expect(nc.checkBatches.flat()).toContain(`${l}.ai`);
    cf.unsupportedTlds.delete("ai");

    const bad = await client.post("/api/v1/domains/search", { names: [l], tlds: ["c0m"] });
    expect(bad.status).toBe(400);
    const tooMany = await client.post("/api/v1/domains/search", {
      names: Array.from({ length: 51 }, () => "x"),
    });
    expect(tooMany.status).toBe(400);
    expect(await (await client.get("/api/v1/domains/search/tlds")).json()).toEqual({ defaults: TLDS });
  });
});

describe("search without a registrar", () => {
  it("falls back to RDAP hints: no prices, and nothing can be put in the cart", async () => {
    const rdap = await startFakeRdap();
    const { client } = await signUp(app.url);
    const l = label();
    rdap.domains.set(`${l}.com`, { createdAt: new Date("2019-05-01T00:00:00Z") });
    const saved = { ...process.env };
    delete process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.NAMECOM_USERNAME;
    process.env.RDAP_BOOTSTRAP_URL = rdap.bootstrapUrl;
    resetEnvCache();
    try {
      const body = (await (
        await client.post("/api/v1/domains/search", { names: [l], tlds: ["com", "net"] })
      ).json()) as {
        results: {
          name: string;
          available: boolean;
          priceCents: number | null;
          registrar: string;
          reason: string | null;
        }[];
      };
      expect(body.results).toEqual([
        expect.objectContaining({
          name: `${l}.com`,
          available: false,
          priceCents: null,
          registrar: "rdap",
          reason: "taken",
        }),
        expect.objectContaining({ name: `${l}.net`, available: true, priceCents: null, registrar: "rdap" }),
      ]);
      expect(rdap.lookups).toEqual(expect.arrayContaining([`${l}.com`, `${l}.net`]));
      const res = await client.post("/api/v1/cart", { name: `${l}.net` });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /no registrar is configured/,
      );
    } finally {
      Object.assign(process.env, saved);
      resetEnvCache();
      await rdap.close();
    }
  });
});

describe("cart", () => {
  it("adds after a fresh check at the current price, refuses taken and premium names, removes and empties", async () => {
    const { client } = await signUp(app.url);
    const other = await signUp(app.url);
    const [free, taken, premium] = [`${label()}.com`, `${label()}.com`, `${label()}.io`];
    cf.taken.add(taken);
    cf.premium.set(premium, 99_900);

    const item = await addToCart(client, free);
    expect(item).toMatchObject({ name: free, priceCents: price(1044), registrar: "cloudflare", years: 1 });
    const refusedTaken = await client.post("/api/v1/cart", { name: taken });
    expect(refusedTaken.status).toBe(409);
    expect(((await refusedTaken.json()) as { error: { message: string } }).error.message).toMatch(
      /not available/,
    );
    const refusedPremium = await client.post("/api/v1/cart", { name: premium });
    expect(refusedPremium.status).toBe(409);
    expect(((await refusedPremium.json()) as { error: { message: string } }).error.message).toMatch(
      /premium/,
    );
    expect((await client.post("/api/v1/cart", { name: "no_good.com" })).status).toBe(400);

    const search = (await (await client.post("/api/v1/domains/search", { names: [free] })).json()) as {
      results: { inCart: boolean }[];
    };
    expect(search.results[0]!.inCart).toBe(true);

    const second = await addToCart(client, `${label()}.net`);
    const cart = (await (await client.get("/api/v1/cart")).json()) as {
      items: { id: string }[];
      totalCents: number;
    };
    expect(cart.items.map((i) => i.id)).toEqual([item.id, second.id]);
    expect(cart.totalCents).toBe(item.priceCents + second.priceCents);

    expect((await other.client.request(`/api/v1/cart/${item.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await client.request(`/api/v1/cart/${item.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await client.request("/api/v1/cart", { method: "DELETE" })).status).toBe(204);
    expect(((await (await client.get("/api/v1/cart")).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await client.post("/api/domains/checkout", {})).status).toBe(400);
  });
});

describe("checkout", () => {
  it("creates the order and a Stripe Checkout Session through the SDK: a line per domain, metadata, idempotency key", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const names = [`${label()}.com`, `${label()}.dev`];
    const { orderId, url, sessionId } = await checkout(client, names);

    const session = stripe.sessions.get(sessionId)!;
    expect(url).toBe(session.url);
    expect(session.metadata).toEqual({ orderId, workspaceId });
    expect(session.client_reference_id).toBe(orderId);
    expect(session.success_url).toBe(`${app.url}/domains/orders/${orderId}?checkout=success`);
    expect(session.cancel_url).toBe(`${app.url}/domains/cart?checkout=cancelled`);
    const lines = session.line_items.data.map((l) => [
      l.description.split(" ")[0],
      l.amount_total,
      l.quantity,
    ]);
    const devCost = (await (await client.post("/api/v1/domains/search", { names: [names[1]] })).json()) as {
      results: { priceCents: number }[];
    };
    expect(lines).toEqual([
      [names[0], price(1044), 1],
      [names[1], devCost.results[0]!.priceCents, 1],
    ]);
    const create = stripe.requests.find(
      (r) => r.path === "/v1/checkout/sessions" && r.idempotencyKey === orderId,
    );
    expect(create).toBeDefined();

    // the SDK pointed at the stand-in reads back the same session
    const sdk = new Stripe(stripe.secretKey, {
      host: "127.0.0.1",
      port: Number(new URL(stripe.apiUrl).port),
      protocol: "http",
    });
    const again = await sdk.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    expect(again.line_items?.data).toHaveLength(2);
    await expect(
      new Stripe("sk_test_wrong", {
        host: "127.0.0.1",
        port: Number(new URL(stripe.apiUrl).port),
        protocol: "http",
        maxNetworkRetries: 0,
      }).checkout.sessions.retrieve(sessionId),
    ).rejects.toMatchObject({ statusCode: 401 });

    const order = await getOrder(client, orderId);
    expect(order).toMatchObject({ status: "pending_payment", checkoutUrl: url });
    expect(order.items.map((i) => i.domainStatus)).toEqual(["pending_payment", "pending_payment"]);
    const rows = await getDb().select().from(domains).where(inArray(domains.name, names));
    expect(rows.map((r) => [r.source, r.orderId, r.workspaceId])).toEqual([
      ["purchased", orderId, workspaceId],
      ["purchased", orderId, workspaceId],
    ]);
    expect(((await (await client.get("/api/v1/cart")).json()) as { items: unknown[] }).items).toEqual([]);
    const list = (await (await client.get("/api/v1/orders")).json()) as {
      orders: { id: string; domainCount: number }[];
    };
    expect(list.orders).toEqual([expect.objectContaining({ id: orderId, domainCount: 2 })]);
  });

  it("two checkouts of one cart at once make one order", async () => {
    const { client } = await signUp(app.url);
    await addToCart(client, `${label()}.com`);
    const answers = await Promise.all([1, 2].map(() => client.post("/api/domains/checkout", {})));
    const statuses = answers.map((r) => r.status).sort();
    // the second finds the checkout in progress (409), or, if the first was already done, an empty cart
    expect(statuses[0]).toBe(201);
    expect([400, 409]).toContain(statuses[1]);
    const orders = ((await (await client.get("/api/v1/orders")).json()) as { orders: { status: string }[] })
      .orders;
    expect(orders.map((o) => o.status)).toEqual(["pending_payment"]);
  });

  it("answers 503 with a message when payments are not configured, writing nothing", async () => {
    const { client } = await signUp(app.url);
    await addToCart(client, `${label()}.com`);
    const saved = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    resetEnvCache();
    try {
      const res = await client.post("/api/domains/checkout", {});
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /STRIPE_SECRET_KEY/,
      );
    } finally {
      process.env.STRIPE_SECRET_KEY = saved;
      resetEnvCache();
    }
    expect(((await (await client.get("/api/v1/orders")).json()) as { orders: unknown[] }).orders).toEqual([]);
    expect(((await (await client.get("/api/v1/cart")).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it("answers 409 with the problems when a name was taken or re-priced since it was added, and fixes the cart", async () => {
    const { client } = await signUp(app.url);
    const gone = `${label()}.com`;
    const repriced = `${label()}.xyz`;
    const stays = `${label()}.com`;
    for (const n of [gone, repriced, stays]) await addToCart(client, n);
    cf.taken.add(gone);
    cf.prices.set("xyz", { registration: 5000, renewal: 5000 });

    const res = await client.post("/api/domains/checkout", {});
    expect(res.status).toBe(409);
    const body = (await res.json()) as {
      error: { code: string; problems: { about: string; message: string }[] };
    };
    expect(body.error.code).toBe("conflict");
    expect(body.error.problems).toEqual([
      { about: gone, message: expect.stringMatching(/no longer available.*removed/) },
      { about: repriced, message: expect.stringMatching(/price .* changed .* to 55\.50 USD/) },
    ]);
    const cart = (await (await client.get("/api/v1/cart")).json()) as {
      items: { name: string; priceCents: number }[];
    };
    expect(cart.items.map((i) => [i.name, i.priceCents])).toEqual([
      [repriced, price(5000)],
      [stays, price(1044)],
    ]);
    cf.prices.delete("xyz");
  });
});

describe("payment → registration", () => {
  it("a signed completed event pays the order, a purchase job registers each domain once and hands over to DNS", async () => {
    await startAppWorker();
    const { client } = await signUp(app.url);
    const names = [`${label()}.com`, `${label()}.io`];
    const { orderId, sessionId } = await checkout(client, names);
    await stripe.pay(sessionId);

    const order = await until(
      "order completed",
      async () => {
        const o = await getOrder(client, orderId);
        return o.status === "completed" && o;
      },
      { timeoutMs: 30_000 },
    );
    const session = stripe.sessions.get(sessionId)!;
    expect((await orderRow(orderId)).stripePaymentIntentId).toBe(session.payment_intent);
    for (const name of names) {
      expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
      expect(cf.registered.has(name)).toBe(true);
    }
    for (const item of order.items) {
      expect(REGISTERED_OR_LATER).toContain(item.domainStatus);
      expect(item.registeredAt).not.toBeNull();
    }
    // the registration carries no nameservers (Cloudflare's registration record has none): DNS
    // setup records the zone's (domain-purchase-money.test.ts)
    const rows = await getDb().select().from(domains).where(inArray(domains.name, names));
    for (const r of rows) {
      expect(r.stripePaymentIntentId).toBe(session.payment_intent);
      expect(r.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    }

    // a purchase job retried after a registration that was not recorded: the registrar says it is ours
    const calls = cf.registerCalls.length;
    await getDb()
      .update(domains)
      .set({ status: "registering", registeredAt: null })
      .where(eq(domains.id, rows[0]!.id));
    await enqueue("domains.purchase", { domainId: rows[0]!.id });
    await until(
      "re-recorded",
      async () => (await domainRow(rows[0]!.name, rows[0]!.workspaceId))?.registeredAt,
      { timeoutMs: 30_000 },
    );
    expect(cf.registerCalls.length).toBe(calls);
  });

  it("the same event delivered 5 times in a row and 5 times at once applies once: one registration", async () => {
    await startAppWorker();
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { orderId, sessionId } = await checkout(client, [name]);
    stripe.webhookUrl = undefined; // pay without delivering; deliver by hand below
    await stripe.pay(sessionId);
    stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
    const event = stripe.events.find(
      (e) => e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === sessionId,
    )!;

    const sequential = [];
    for (let i = 0; i < 5; i++) sequential.push(await stripe.deliver(event));
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => stripe.deliver(event)));
    expect([...sequential, ...concurrent]).toEqual(Array(10).fill(200));

    await until("registered", async () => (await domainRow(name, workspaceId))?.registeredAt, {
      timeoutMs: 30_000,
    });
    await until("order completed", async () => (await orderRow(orderId)).status === "completed", {
      timeoutMs: 30_000,
    });
    // only a purchase job calls the registrar: with none left to run, nothing else will register
    const domainId = (await domainRow(name, workspaceId))!.id;
    await until(
      "no purchase job left",
      async () => (await pendingJobs("domains.purchase", { data: ["domainId", domainId] })) === 0,
    );
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
    expect(await getDb().select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(1);
  });

  it("a bad signature is a 400 and changes nothing; an unknown event type is a 200 that changes nothing", async () => {
    const { client } = await signUp(app.url);
    const { orderId, sessionId } = await checkout(client, [`${label()}.com`]);
    const session = { ...stripe.sessions.get(sessionId)!, payment_status: "paid", status: "complete" };
    const event = {
      id: `evt_forged_${randomBytes(6).toString("hex")}`,
      object: "event" as const,
      type: "checkout.session.completed",
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
      livemode: false as const,
      data: { object: session },
    };
    const forged = stripe.sign(event, "whsec_not_the_secret");
    const res = await fetch(`${app.url}/api/webhooks/stripe`, {
      method: "POST",
      headers: { "stripe-signature": forged.header, "content-type": "application/json" },
      body: forged.payload,
    });
    expect(res.status).toBe(400);
    // the right signature over other bytes is as bad
    const signed = stripe.sign(event);
    const tampered = await fetch(`${app.url}/api/webhooks/stripe`, {
      method: "POST",
      headers: { "stripe-signature": signed.header },
      body: signed.payload.replace('"paid"', '"unpaid"'),
    });
    expect(tampered.status).toBe(400);
    expect((await orderRow(orderId)).status).toBe("pending_payment");
    expect(await getDb().select().from(stripeEvents).where(eq(stripeEvents.id, event.id))).toHaveLength(0);

    const other = { ...event, id: `evt_other_${randomBytes(6).toString("hex")}`, type: "customer.created" };
    expect(await stripe.deliver(other)).toBe(200);
    expect((await orderRow(orderId)).status).toBe("pending_payment");
  });

  it("a domain taken between payment and registration is refunded for its line and failed with the reason", async () => {
    await startAppWorker();
    const { client, workspaceId } = await signUp(app.url);
    const lost = `${label()}.com`;
    const kept = `${label()}.net`;
    const { orderId, sessionId } = await checkout(client, [lost, kept]);
    cf.taken.add(lost);
    await stripe.pay(sessionId);

    const order = await until(
      "order completed",
      async () => {
        const o = await getOrder(client, orderId);
        return o.status === "completed" && o.refundedCents > 0 && o;
      },
      { timeoutMs: 30_000 },
    );
    const lostItem = order.items.find((i) => i.name === lost)!;
    expect(lostItem).toMatchObject({
      domainStatus: "failed",
      refundedCents: lostItem.priceCents,
      registeredAt: null,
    });
    expect(lostItem.domainStatusReason).toMatch(/registered by someone else.*refunded/);
    expect(REGISTERED_OR_LATER).toContain(order.items.find((i) => i.name === kept)!.domainStatus);
    expect(order.refundedCents).toBe(lostItem.priceCents);

    const paymentIntent = stripe.sessions.get(sessionId)!.payment_intent;
    const refunds = stripe.refunds.filter((r) => r.payment_intent === paymentIntent);
    expect(refunds.map((r) => r.amount)).toEqual([lostItem.priceCents]);
    const row = await domainRow(lost, workspaceId);
    expect(row).toMatchObject({ refundId: refunds[0]!.id });
    expect(cf.registerCalls).not.toContain(lost);
    const [item] = await getDb()
      .select()
      .from(domainOrderItems)
      .where(eq(domainOrderItems.domainId, row!.id));
    expect(item).toMatchObject({ refundId: refunds[0]!.id, refundedCents: lostItem.priceCents });
  });

  it("a transient registrar error is retried and the domain registered once", async () => {
    const w = await startAppWorker();
    // the queue's own retry policy starts at 30 s; this test's queue retries after 1 s
    await w.boss.updateQueue("domains.purchase", { retryDelay: 1, retryBackoff: false });
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { sessionId } = await checkout(client, [name]);
    cf.failNextRegister("transient");
    await stripe.pay(sessionId);

    const row = await until(
      "registered",
      async () => (await domainRow(name, workspaceId))?.registeredAt && domainRow(name, workspaceId),
      { timeoutMs: 45_000 },
    );
    expect(REGISTERED_OR_LATER).toContain(row!.status);
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(2); // the refused call and the one that worked
    expect(cf.registered.has(name)).toBe(true);
    expect(
      stripe.refunds.filter((r) => r.payment_intent === stripe.sessions.get(sessionId)!.payment_intent),
    ).toEqual([]);
    await w.boss.updateQueue("domains.purchase", { retryDelay: 30, retryBackoff: true });
  });
});

describe("asynchronous registrations", () => {
  it("a registration the registrar answers 202 for is followed until it succeeds", async () => {
    await startAppWorker();
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { orderId, sessionId } = await checkout(client, [name]);
    cf.asyncRegistrations = true;
    cf.pollsUntilDone = 2;
    try {
      await stripe.pay(sessionId);
      await until("order completed", async () => (await orderRow(orderId)).status === "completed", {
        timeoutMs: 30_000,
      });
    } finally {
      cf.asyncRegistrations = false;
    }
    const row = (await domainRow(name, workspaceId))!;
    expect(row.registrarOperationId).toBeNull();
    expect(REGISTERED_OR_LATER).toContain(row.status);
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
  });
});

describe("purchase job safety", () => {
  /** A paid domain whose purchase job has not run (no worker in these tests). */
  async function paidDomain() {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { sessionId } = await checkout(client, [name]);
    await stripe.pay(sessionId);
    const row = (await domainRow(name, workspaceId))!;
    expect(row.status).toBe("paid");
    return { row, paymentIntent: stripe.sessions.get(sessionId)!.payment_intent! };
  }

  it("three workers running the same purchase at once register it once", async () => {
    const { row } = await paidDomain();
    const outcomes = await Promise.all([1, 2, 3].map(() => purchaseDomain(getDb(), row.id)));
    expect(outcomes.filter((o) => o.state === "registered")).toHaveLength(1);
    expect(cf.registerCalls.filter((n) => n === row.name)).toHaveLength(1);
    expect(REGISTERED_OR_LATER).toContain((await domainRow(row.name, row.workspaceId))!.status);
  });

  it("a registration waiting for a person at the registrar keeps its operation id and is looked at again later", async () => {
    const { row, paymentIntent } = await paidDomain();
    cf.actionRequired.add(row.name);
    await expect(purchaseDomain(getDb(), row.id)).resolves.toEqual({ state: "action_required" });
    const after = (await domainRow(row.name, row.workspaceId))!;
    expect(after.status).toBe("registering");
    expect(after.registrarOperationId).toBeTruthy();
    expect(after.statusReason).toMatch(/Waiting for the registrar/);
    const { rows } = await getPool().query<{ start_after: Date }>(
      "select start_after from pgboss.job where name = 'domains.purchase' and data->>'domainId' = $1 and state = 'created' order by created_on desc limit 1",
      [row.id],
    );
    expect(rows[0]!.start_after.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent)).toEqual([]);
    cf.actionRequired.delete(row.name);
  });

  it("a transient error on the last attempt refunds the line and fails the domain", async () => {
    const { row, paymentIntent } = await paidDomain();
    cf.failNextRegister("transient");
    await expect(purchaseDomain(getDb(), row.id, { finalAttempt: true })).resolves.toEqual({
      state: "failed",
    });
    const after = (await domainRow(row.name, row.workspaceId))!;
    expect(after.status).toBe("failed");
    expect(after.statusReason).toMatch(/kept failing.*refunded/);
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent).map((r) => r.amount)).toEqual([
      row.priceCents,
    ]);
  });

  it("without a registrant contact nothing is bought and the reason says what to configure", async () => {
    const { row, paymentIntent } = await paidDomain();
    const saved = process.env.DOMAIN_REGISTRANT_CONTACT;
    delete process.env.DOMAIN_REGISTRANT_CONTACT;
    resetEnvCache();
    try {
      await purchaseDomain(getDb(), row.id);
    } finally {
      process.env.DOMAIN_REGISTRANT_CONTACT = saved;
      resetEnvCache();
    }
    const after = (await domainRow(row.name, row.workspaceId))!;
    expect(after).toMatchObject({ status: "failed" });
    expect(after.statusReason).toMatch(/DOMAIN_REGISTRANT_CONTACT/);
    expect(cf.registerCalls).not.toContain(row.name);
    expect(stripe.refunds.filter((r) => r.payment_intent === paymentIntent)).toHaveLength(1);
  });
});

describe("payment failed or abandoned", () => {
  it("a failed delayed payment marks the order failed and buys nothing", async () => {
    await startAppWorker();
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { orderId, sessionId } = await checkout(client, [name]);
    await stripe.pay(sessionId, { fail: true });

    const order = await getOrder(client, orderId);
    expect(order.status).toBe("failed");
    expect(order.statusReason).toMatch(/payment failed.*nothing was charged/);
    expect(order.items[0]).toMatchObject({ domainStatus: "cancelled" });
    // the webhook answered before pay() returned, and only a purchase job calls the registrar:
    // none was ever queued for the domain, so nothing will buy it
    const domain = (await domainRow(name, workspaceId))!;
    expect(domain.status).toBe("cancelled");
    expect(await jobsOf("domains.purchase", { data: ["domainId", domain.id] })).toEqual([]);
    expect(cf.registerCalls).not.toContain(name);

    // the domain can be bought again in a new checkout, reusing its row
    const again = await checkout(client, [name]);
    expect(await domainRow(name, workspaceId)).toMatchObject({
      status: "pending_payment",
      orderId: again.orderId,
    });
  });

  it("checking out again a domain left in an abandoned checkout expires that session and moves the domain", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const first = await checkout(client, [name]);
    const second = await checkout(client, [name]);
    expect(stripe.sessions.get(first.sessionId)!.status).toBe("expired");
    const old = await getOrder(client, first.orderId);
    expect(old).toMatchObject({ status: "expired", checkoutUrl: null });
    expect(old.statusReason).toMatch(/newer checkout/);
    expect(await domainRow(name, workspaceId)).toMatchObject({
      status: "pending_payment",
      orderId: second.orderId,
    });
    expect((await getOrder(client, second.orderId)).status).toBe("pending_payment");
  });

  it("an expired session marks the order expired; a late expired event after payment undoes nothing", async () => {
    await startAppWorker();
    const { client } = await signUp(app.url);
    const a = await checkout(client, [`${label()}.com`]);
    await stripe.expire(a.sessionId);
    expect((await getOrder(client, a.orderId)).status).toBe("expired");
    expect((await getOrder(client, a.orderId)).statusReason).toMatch(/expired before payment/);

    const name = `${label()}.com`;
    const b = await checkout(client, [name]);
    await stripe.pay(b.sessionId, { async: true }); // completed unpaid, then async_payment_succeeded
    const late = {
      ...stripe.events.find(
        (e) =>
          e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === b.sessionId,
      )!,
      id: `evt_late_${randomBytes(6).toString("hex")}`,
      type: "checkout.session.expired",
    };
    expect(await stripe.deliver(late)).toBe(200);
    await until("registered", async () => (await getOrder(client, b.orderId)).items[0]!.registeredAt, {
      timeoutMs: 30_000,
    });
    expect(["paid", "completed"]).toContain((await getOrder(client, b.orderId)).status);
  });
});
