import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { getDb, getPool } from "../../src/lib/db/client";
import { cartItems, domainOrderItems, domainOrders, domains } from "../../src/lib/db/schema";
import { setupDomainDns } from "../../src/lib/domains/dns-setup";
import { purchaseDomain } from "../../src/lib/domains/purchase";
import { type FakeCloudflareDns, startFakeCloudflareDns } from "./fakes/cloudflare-dns";
import { type FakeCloudflareRegistrar, startFakeCloudflareRegistrar } from "./fakes/cloudflare-registrar";
import { type FakeNamecom, startFakeNamecom } from "./fakes/namecom";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, dnsServerEnv, startDnsServer } from "./helpers/dns-server";
import type { HttpClient } from "./helpers/http-client";
import { type HttpProxy, startHttpProxy } from "./helpers/http-proxy";
import { signUp } from "./helpers/users";

/**
 * The money path of a domain purchase: every registrar call and refund keyed by the order line,
 * a registration whose answer was lost recorded instead of refunded, a payment on a replaced
 * checkout refunded, what cannot be delivered refused before payment, and where the DNS of a
 * domain bought at Cloudflare lives. Real HTTP to the local fakes (through a recording proxy),
 * real webhooks, real PostgreSQL and PowerDNS.
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
const DONE = ["registered", "configuring_dns", "verifying_dns", "active"];

let app: AppServer;
let cf: FakeCloudflareRegistrar;
let cfDns: FakeCloudflareDns;
let nc: FakeNamecom;
let stripe: FakeStripe;
let pdns: DnsServer;
/** in front of both Cloudflare fakes (registrar and DNS share one API host, as at Cloudflare) */
let cfProxy: HttpProxy;
let ncProxy: HttpProxy;

beforeAll(async () => {
  cfDns = await startFakeCloudflareDns();
  cf = await startFakeCloudflareRegistrar({ accountId: cfDns.accountId, token: cfDns.token });
  nc = await startFakeNamecom();
  stripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
  pdns = await startDnsServer();
  const origin = (u: string) => new URL(u).origin;
  cfProxy = await startHttpProxy((path) =>
    /\/registrar(-sandbox)?\//.test(path) ? origin(cf.baseUrl) : origin(cfDns.baseUrl),
  );
  ncProxy = await startHttpProxy(() => nc.apiUrl);
  cf.unsupportedTlds.add("xyz"); // .xyz goes to Name.com
  app = await startAppServer({
    ...dnsServerEnv(pdns),
    CLOUDFLARE_API_TOKEN: cf.token,
    CLOUDFLARE_ACCOUNT_ID: cf.accountId,
    CLOUDFLARE_BASE_URL: `${cfProxy.url}/client/v4`,
    NAMECOM_USERNAME: nc.username,
    NAMECOM_TOKEN: nc.token,
    NAMECOM_API_URL: ncProxy.url,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_URL: stripe.apiUrl,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DOMAIN_MARKUP_PERCENT: "10",
    DOMAIN_MARKUP_CENTS: "50",
    DOMAIN_SEARCH_TLDS: "com,net,xyz",
    DOMAIN_REGISTRANT_CONTACT: JSON.stringify(CONTACT),
  });
  stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
});
afterAll(async () => {
  await app?.close();
  await Promise.all([
    cf?.close(),
    cfDns?.close(),
    nc?.close(),
    stripe?.close(),
    cfProxy?.close(),
    ncProxy?.close(),
  ]);
  await pdns?.close();
});

const label = () => `m${randomBytes(5).toString("hex")}`;

async function checkout(client: HttpClient, names: string[]) {
  for (const name of names) {
    const res = await client.post("/api/v1/cart", { name });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  const res = await client.post("/api/domains/checkout", {});
  expect(res.status, await res.clone().text()).toBe(201);
  const { orderId } = (await res.json()) as { orderId: string };
  const [order] = await getDb().select().from(domainOrders).where(eq(domainOrders.id, orderId));
  return { orderId, sessionId: order!.stripeCheckoutSessionId!, totalCents: order!.totalCents };
}

async function domainRow(name: string, workspaceId: string) {
  const [row] = await getDb()
    .select()
    .from(domains)
    .where(and(eq(domains.name, name), eq(domains.workspaceId, workspaceId)));
  return row!;
}
const orderRow = async (id: string) =>
  (await getDb().select().from(domainOrders).where(eq(domainOrders.id, id)))[0]!;
async function lineOf(orderId: string, name: string) {
  const [item] = await getDb()
    .select()
    .from(domainOrderItems)
    .where(and(eq(domainOrderItems.orderId, orderId), eq(domainOrderItems.name, name)));
  return item!;
}
const intentOf = (sessionId: string) => stripe.sessions.get(sessionId)!.payment_intent!;
const refundsOf = (paymentIntent: string) => stripe.refunds.filter((r) => r.payment_intent === paymentIntent);
const refundKeys = () => stripe.requests.filter((r) => r.path === "/v1/refunds").map((r) => r.idempotencyKey);

/** Run with the environment changed, as a self-hoster's settings would be. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  resetEnvCache();
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  }
}

describe("order line keys", () => {
  it("a name bought again after a failed purchase is refunded with its own line's key, then registered with a new line's key", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.xyz`;
    const attempts: { orderId: string; paymentIntent: string; state: string }[] = [];
    // twice: paid, then the name is gone before the purchase job runs, so the line is refunded
    for (let i = 0; i < 2; i++) {
      nc.taken.delete(name);
      const { orderId, sessionId } = await checkout(client, [name]);
      nc.taken.add(name);
      await stripe.pay(sessionId);
      const { state } = await purchaseDomain(getDb(), (await domainRow(name, workspaceId)).id);
      attempts.push({ orderId, paymentIntent: intentOf(sessionId), state });
    }
    nc.taken.delete(name);
    const third = await checkout(client, [name]);
    await stripe.pay(third.sessionId);
    const row = await domainRow(name, workspaceId);
    await expect(purchaseDomain(getDb(), row.id)).resolves.toEqual({ state: "registered" });

    // one domain row served the three orders: only the line tells them apart
    expect((await domainRow(name, workspaceId)).id).toBe(row.id);
    const lines = await Promise.all(
      [...attempts.map((a) => a.orderId), third.orderId].map((o) => lineOf(o, name)),
    );
    expect(new Set(lines.map((l) => l.id)).size).toBe(3);
    expect(attempts.map((a) => a.state)).toEqual(["failed", "failed"]);
    for (const [i, a] of attempts.entries()) {
      const refunds = refundsOf(a.paymentIntent);
      expect(refunds.map((r) => r.amount)).toEqual([lines[i]!.priceCents]);
      expect(refunds[0]!.metadata).toMatchObject({ orderItemId: lines[i]!.id, orderId: a.orderId });
      expect(lines[i]).toMatchObject({ refundId: refunds[0]!.id, refundedCents: lines[i]!.priceCents });
      expect((await orderRow(a.orderId)).refundedCents).toBe(lines[i]!.priceCents);
    }
    expect(refundKeys()).toEqual(
      expect.arrayContaining([`refund:${lines[0]!.id}`, `refund:${lines[1]!.id}`]),
    );
    expect(refundsOf(intentOf(third.sessionId))).toEqual([]);

    // the registration went to Name.com keyed by the third line, with the line's term
    const creates = ncProxy.requests.filter((r) => r.method === "POST" && r.path === "/core/v1/domains");
    const mine = creates.filter((r) => r.body.includes(name));
    expect(mine.map((r) => r.headers["x-idempotency-key"])).toEqual([lines[2]!.id]);
    expect(JSON.parse(mine[0]!.body)).toMatchObject({ years: lines[2]!.years });
    expect(DONE).toContain((await domainRow(name, workspaceId)).status);
  });
});

describe("the order line", () => {
  it("carries the cart's renewal price and cost and the TLD's extra fields; the Stripe line names the term and the renewal", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    expect((await client.post("/api/v1/cart", { name })).status).toBe(201);
    const extensionValues = { nexus_category: "C11" };
    await getDb()
      .update(cartItems)
      .set({ renewalPriceCents: 1299, renewalCostCents: 1044, extensionValues })
      .where(and(eq(cartItems.workspaceId, workspaceId), eq(cartItems.name, name)));
    const res = await client.post("/api/domains/checkout", {});
    expect(res.status, await res.clone().text()).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };

    expect(await lineOf(orderId, name)).toMatchObject({
      years: 1,
      renewalPriceCents: 1299,
      renewalCostCents: 1044,
      extensionValues,
    });
    const session = stripe.sessions.get((await orderRow(orderId)).stripeCheckoutSessionId!)!;
    expect(session.line_items.data.map((l) => l.description)).toEqual([
      `${name} — domain registration for 1 year, then renews at 12.99 USD/year`,
    ]);
  });
});

describe("a registration whose answer was lost", () => {
  it("on the last attempt is looked up before any refund, and recorded as bought", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { sessionId } = await checkout(client, [name]);
    await stripe.pay(sessionId);
    const row = await domainRow(name, workspaceId);
    cfProxy.dropAnswer((r) => r.method === "POST" && /\/registrar\/registrations$/.test(r.path));

    await expect(purchaseDomain(getDb(), row.id, { finalAttempt: true })).resolves.toEqual({
      state: "registered",
    });
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
    expect(refundsOf(intentOf(sessionId))).toEqual([]);
    expect(DONE).toContain((await domainRow(name, workspaceId)).status);
  });

  it("when the registrar cannot say what became of it either: not refunded, asked again later, then recorded", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { sessionId } = await checkout(client, [name]);
    await stripe.pay(sessionId);
    const row = await domainRow(name, workspaceId);
    // the register call's answer is lost, and so is the answer of the look-up that follows it
    let registerLost = false;
    cfProxy.dropAnswer((r) => {
      registerLost = r.method === "POST" && /\/registrar\/registrations$/.test(r.path);
      return registerLost;
    });
    cfProxy.dropAnswer(
      (r) => registerLost && r.method === "GET" && r.path.includes(`/registrations/${name}`),
    );

    await expect(purchaseDomain(getDb(), row.id, { finalAttempt: true })).resolves.toEqual({
      state: "unconfirmed",
    });
    expect(cf.registered.has(name)).toBe(true); // Cloudflare did buy it
    const waiting = await domainRow(name, workspaceId);
    expect(waiting.status).toBe("registering");
    expect(waiting.statusReason).toMatch(/could not confirm.*asking again later/);
    expect(refundsOf(intentOf(sessionId))).toEqual([]);
    const { rows } = await getPool().query<{ start_after: Date }>(
      "select start_after from pgboss.job where name = 'domains.purchase' and data->>'domainId' = $1 and state = 'created' order by created_on desc limit 1",
      [row.id],
    );
    expect(rows[0]!.start_after.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);

    await expect(purchaseDomain(getDb(), row.id)).resolves.toEqual({ state: "registered" });
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
    expect(refundsOf(intentOf(sessionId))).toEqual([]);
    const after = await domainRow(name, workspaceId);
    expect(DONE).toContain(after.status);
    expect(after.registeredAt).not.toBeNull();
    const lost = cfProxy.requests.filter(
      (r) => r.dropped && (r.path.includes(name) || r.body.includes(name)),
    );
    expect(lost.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("a registration of the name this line never asked for is someone else's: refunded, not recorded as ours", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const { sessionId } = await checkout(client, [name]);
    await stripe.pay(sessionId);
    // another order bought the name into the same platform account meanwhile
    const other = await signUp(app.url);
    const theirs = await checkout(other.client, [name]);
    await stripe.pay(theirs.sessionId);
    await expect(purchaseDomain(getDb(), (await domainRow(name, other.workspaceId)).id)).resolves.toEqual({
      state: "registered",
    });

    await expect(purchaseDomain(getDb(), (await domainRow(name, workspaceId)).id)).resolves.toEqual({
      state: "failed",
    });
    const mine = await domainRow(name, workspaceId);
    expect(mine.statusReason).toMatch(/registered by someone else.*refunded/);
    expect(refundsOf(intentOf(sessionId)).map((r) => r.amount)).toEqual([mine.priceCents]);
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
  });
});

describe("a replaced checkout paid later", () => {
  it("with all its domains moved to the newer checkout: the payment is refunded in full and the order marked refunded", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const names = [`${label()}.com`, `${label()}.net`];
    const first = await checkout(client, names);
    stripe.failExpire.add(first.sessionId); // Stripe cannot be reached to expire it
    const second = await checkout(client, names);
    expect(stripe.sessions.get(first.sessionId)!.status).toBe("open");
    for (const name of names) expect((await domainRow(name, workspaceId)).orderId).toBe(second.orderId);

    await stripe.pay(first.sessionId); // the signed webhook goes to the app
    const paymentIntent = intentOf(first.sessionId);
    expect(refundsOf(paymentIntent).map((r) => r.amount)).toEqual([first.totalCents]);
    expect(refundKeys()).toContain(`refund:order:${first.orderId}`);
    const order = await orderRow(first.orderId);
    expect(order).toMatchObject({
      status: "refunded",
      refundedCents: first.totalCents,
      stripePaymentIntentId: paymentIntent,
    });
    expect(order.statusReason).toMatch(/newer checkout.*refunded in full/);
    for (const name of names) {
      expect(await lineOf(first.orderId, name)).toMatchObject({ refundId: refundsOf(paymentIntent)[0]!.id });
      // the domains stay with the newer checkout, unpaid, and nothing was bought
      expect(await domainRow(name, workspaceId)).toMatchObject({
        status: "pending_payment",
        orderId: second.orderId,
      });
      expect(cf.registerCalls).not.toContain(name);
    }
    // the same event again changes nothing and refunds nothing more
    const completed = stripe.events.find(
      (e) =>
        e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === first.sessionId,
    )!;
    expect(await stripe.deliver(completed)).toBe(200);
    expect(refundsOf(paymentIntent)).toHaveLength(1);

    // the newer checkout is paid normally
    await stripe.pay(second.sessionId);
    for (const name of names) expect((await domainRow(name, workspaceId)).status).toBe("paid");
    expect((await orderRow(second.orderId)).status).toBe("paid");
  });

  it("with some of its domains moved: those lines are refunded with their own keys, the rest is bought", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const [moved, kept] = [`${label()}.com`, `${label()}.net`];
    const first = await checkout(client, [moved, kept]);
    stripe.failExpire.add(first.sessionId);
    const second = await checkout(client, [moved]);
    expect((await domainRow(moved, workspaceId)).orderId).toBe(second.orderId);

    await stripe.pay(first.sessionId);
    const movedLine = await lineOf(first.orderId, moved);
    const paymentIntent = intentOf(first.sessionId);
    expect(refundsOf(paymentIntent).map((r) => r.amount)).toEqual([movedLine.priceCents]);
    expect(refundKeys()).toContain(`refund:${movedLine.id}`);
    expect(movedLine).toMatchObject({ refundedCents: movedLine.priceCents });
    expect(await orderRow(first.orderId)).toMatchObject({
      status: "paid",
      refundedCents: movedLine.priceCents,
    });
    const keptRow = await domainRow(kept, workspaceId);
    expect(keptRow).toMatchObject({ status: "paid", orderId: first.orderId });
    await expect(purchaseDomain(getDb(), keptRow.id)).resolves.toEqual({ state: "registered" });
    expect((await orderRow(first.orderId)).status).toBe("completed");
    expect(await domainRow(moved, workspaceId)).toMatchObject({
      status: "pending_payment",
      orderId: second.orderId,
    });
  });
});

describe("checking out again a domain left in an abandoned checkout", () => {
  it("closes the old order as replaced even when Stripe's expiry event arrives before the expire call's answer", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const first = await checkout(client, [name]);
    stripe.eventsBeforeAnswer = true;
    try {
      const second = await checkout(client, [name]);
      expect(stripe.sessions.get(first.sessionId)!.status).toBe("expired");
      const expiredEvent = stripe.events.find(
        (e) =>
          e.type === "checkout.session.expired" && (e.data.object as { id: string }).id === first.sessionId,
      );
      expect(expiredEvent).toBeDefined(); // delivered (and answered) before checkout went on
      const old = await orderRow(first.orderId);
      expect(old).toMatchObject({ status: "expired", stripeCheckoutUrl: null });
      expect(old.statusReason).toMatch(/newer checkout/);
      expect(await domainRow(name, workspaceId)).toMatchObject({
        status: "pending_payment",
        orderId: second.orderId,
      });
    } finally {
      stripe.eventsBeforeAnswer = false;
    }
  });
});

describe("refused before payment", () => {
  it("a checkout that would pass the Cloudflare account's domain cap: 409 naming the cap, no Stripe call", async () => {
    const { client } = await signUp(app.url);
    const { rows } = await getPool().query<{ n: number }>(
      "select count(*)::int as n from domains where registrar = 'cloudflare' and registrar_account_id is null and status in ('paid', 'registering')",
    );
    const inFlight = rows[0]!.n;
    // the account holds enough domains that exactly one more fits
    const filler: string[] = [];
    const room = 1;
    while (cf.registered.size + inFlight < 100 - room) {
      const n = `filler${randomBytes(5).toString("hex")}.com`;
      cf.registered.set(n, {
        name: n,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 365 * 86_400_000),
        nameservers: [],
      });
      filler.push(n);
    }
    try {
      const names = [`${label()}.com`, `${label()}.net`];
      for (const name of names) expect((await client.post("/api/v1/cart", { name })).status).toBe(201);
      const stripeCalls = stripe.requests.length;
      const res = await client.post("/api/domains/checkout", {});
      expect(res.status).toBe(409);
      const body = (await res.json()) as {
        error: { message: string; problems: { about: string; message: string }[] };
      };
      expect(body.error.message).toMatch(
        /Cloudflare account may hold at most 100 domains .*only 1 more fit.*Remove 1/,
      );
      expect(body.error.problems.map((p) => p.about)).toEqual(names);
      expect(stripe.requests.length).toBe(stripeCalls);
      expect(((await (await client.get("/api/v1/orders")).json()) as { orders: unknown[] }).orders).toEqual(
        [],
      );

      // one name fits
      const cart = (await (await client.get("/api/v1/cart")).json()) as {
        items: { id: string; name: string }[];
      };
      const drop = cart.items.find((i) => i.name === names[1])!;
      expect((await client.request(`/api/v1/cart/${drop.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await client.post("/api/domains/checkout", {})).status).toBe(201);
    } finally {
      for (const n of filler) cf.registered.delete(n);
    }
  });

  it("a purchase in Cloudflare's Registrar sandbox with no DNS provider configured: 409 saying why", async () => {
    const { client } = await signUp(app.url);
    const name = `${label()}.com`;
    await withEnv({ CLOUDFLARE_REGISTRAR_SANDBOX: "true", DNS_PROVIDER: "none" }, async () => {
      expect((await client.post("/api/v1/cart", { name })).status).toBe(201);
      const before = stripe.requests.length;
      const res = await client.post("/api/domains/checkout", {});
      expect(res.status).toBe(409);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/sandbox, which creates no DNS zone.*no DNS provider configured/);
      expect(stripe.requests.length).toBe(before);
    });
  });
});

describe("DNS of a domain registered at Cloudflare", () => {
  async function boughtAndSetUp(client: HttpClient, workspaceId: string, name: string) {
    const { sessionId } = await checkout(client, [name]);
    await stripe.pay(sessionId);
    const row = await domainRow(name, workspaceId);
    await expect(purchaseDomain(getDb(), row.id)).resolves.toEqual({ state: "registered" });
    await expect(setupDomainDns(getDb(), row.id)).resolves.toEqual({ state: "done" });
    return domainRow(name, workspaceId);
  }
  const pdnsZone = async (name: string) =>
    (
      await fetch(`${pdns.apiUrl}/api/v1/servers/localhost/zones/${name}.`, {
        headers: { "X-API-Key": pdns.apiKey },
      })
    ).status;
  const step = (row: { dnsProgress: unknown }, key: string) =>
    (row.dnsProgress as { steps: { key: string; state: string; detail?: string }[] }).steps.find(
      (s) => s.key === key,
    );

  it("is the zone on the same Cloudflare account, though the platform's DNS is PowerDNS; nameservers are never changed", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const row = await boughtAndSetUp(client, workspaceId, name);

    expect(row).toMatchObject({ dnsProvider: "cloudflare", dnsAccountId: null });
    const zone = [...cfDns.zones.values()].find((z) => z.name === name);
    expect(zone).toBeDefined();
    expect(row.dnsZoneId).toBe(zone!.id);
    expect(await pdnsZone(name)).toBe(404);
    expect(step(row, "zone")).toMatchObject({ state: "done" });
    expect(step(row, "nameservers")).toMatchObject({
      state: "done",
      detail: expect.stringMatching(/serves the zone itself/),
    });
    // no call that would change the delegation (Cloudflare Registrar keeps its own nameservers)
    const writes = cfProxy.requests.filter(
      (r) => r.method !== "GET" && r.path.includes(`/registrar/domains/${name}`),
    );
    expect(writes).toEqual([]);
  });

  it("in the Registrar sandbox (no zone is created there) is on the configured DNS provider, and the setup says so", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const name = `${label()}.com`;
    const row = await withEnv({ CLOUDFLARE_REGISTRAR_SANDBOX: "true" }, () =>
      boughtAndSetUp(client, workspaceId, name),
    );
    expect(cf.requests.some((r) => r.path.includes(`/registrar-sandbox/registrations`))).toBe(true);
    expect(row.dnsProvider).toBe("powerdns");
    expect(await pdnsZone(name)).toBe(200);
    expect([...cfDns.zones.values()].some((z) => z.name === name)).toBe(false);
    expect(step(row, "zone")?.detail).toMatch(/sandbox creates no DNS zone/);
    expect(step(row, "nameservers")?.detail).toMatch(/sandbox registers nothing in DNS/);
    expect(cfProxy.requests.filter((r) => r.method === "PUT")).toEqual([]);
  });
});
