import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { domainRenewals, domains, events, workspaceBilling } from "../../src/lib/db/schema";
import { purchaseDomain } from "../../src/lib/domains/purchase";
import { runRenewals } from "../../src/lib/domains/renewals/run-renewals";
import { type FakeCloudflareRegistrar, startFakeCloudflareRegistrar } from "./fakes/cloudflare-registrar";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

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
const DAY = 24 * 3600_000;

/**
 * The Cloudflare Registrar stand-in, with the one route renewals add in front of it: PATCH
 * registrations/{name} (`registrations.edit`, body `{ auto_renew }` only, answered with a completed
 * workflow as Cloudflare documents it). Everything else goes through to the stand-in unchanged.
 */
type AutoRenewProxy = {
  baseUrl: string;
  autoRenew: Map<string, boolean>;
  /** answer the next edits with Cloudflare's 500 envelope */
  failEdits: number;
  close(): Promise<void>;
};
async function startAutoRenewProxy(cf: FakeCloudflareRegistrar): Promise<AutoRenewProxy> {
  const autoRenew = new Map<string, boolean>();
  const target = new URL(cf.baseUrl);
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const edit = req.url?.match(/^\/client\/v4\/accounts\/([^/]+)\/registrar\/registrations\/([^/?]+)$/);
    if (req.method === "PATCH" && edit) {
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      const fail = (status: number, code: number, message: string) =>
        reply(status, { success: false, errors: [{ code, message }], messages: [], result: null });
      if (req.headers.authorization !== `Bearer ${cf.token}`) return fail(401, 10000, "Authentication error");
      if (edit[1] !== cf.accountId) return fail(403, 10000, "Authentication error");
      const name = decodeURIComponent(edit[2]!).toLowerCase();
      if (!cf.registered.has(name)) return fail(404, 10006, "Registration not found");
      if (proxy.failEdits > 0) {
        proxy.failEdits--;
        return fail(500, 10000, "Internal server error");
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString("utf8") || "{}");
      } catch {
        return fail(400, 1001, "Invalid JSON");
      }
      const unknown = Object.keys(body).find((k) => k !== "auto_renew");
      if (unknown) return fail(400, 1004, `Unknown field: ${unknown} (only auto_renew can be updated)`);
      if (typeof body.auto_renew !== "boolean") return fail(400, 1004, "auto_renew: a boolean is required");
      autoRenew.set(name, body.auto_renew);
      const now = new Date().toISOString();
      const base = `/accounts/${cf.accountId}/registrar/registrations/${name}`;
      return reply(200, {
        success: true,
        errors: [],
        messages: [],
        result: {
          completed: true,
          created_at: now,
          updated_at: now,
          state: "succeeded",
          links: { self: `${base}/update-status`, resource: base },
          context: {},
          error: null,
        },
      });
    }
    const upstream = await fetch(`${target.origin}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === "string" && e[0] !== "host" && e[0] !== "content-length",
        ),
      ),
      body: raw.length ? raw : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const proxy: AutoRenewProxy = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`,
    autoRenew,
    failEdits: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return proxy;
}

let app: AppServer;
let cf: FakeCloudflareRegistrar;
let proxy: AutoRenewProxy;
let stripe: FakeStripe;

beforeAll(async () => {
  cf = await startFakeCloudflareRegistrar();
  proxy = await startAutoRenewProxy(cf);
  stripe = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET });
  app = await startAppServer({
    CLOUDFLARE_API_TOKEN: cf.token,
    CLOUDFLARE_ACCOUNT_ID: cf.accountId,
    CLOUDFLARE_BASE_URL: proxy.baseUrl,
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_URL: stripe.apiUrl,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    DOMAIN_MARKUP_PERCENT: "10",
    DOMAIN_MARKUP_CENTS: "50",
    DOMAIN_SEARCH_TLDS: "com",
    DOMAIN_REGISTRANT_CONTACT: JSON.stringify(CONTACT),
    DNS_PROVIDER: "none",
    RENEWAL_CHARGE_DAYS: "45",
  });
  stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
});
afterAll(async () => {
  await app?.close();
  await Promise.all([proxy?.close(), stripe?.close()]);
  await cf?.close();
});

const label = () => `rn${randomBytes(5).toString("hex")}`;

/** Cart → checkout → the customer pays → the purchase job registers it: a domain bought here. */
async function buyDomain(client: HttpClient, workspaceId: string) {
  const name = `${label()}.com`;
  const added = await client.post("/api/v1/cart", { name });
  expect(added.status, await added.clone().text()).toBe(201);
  const res = await client.post("/api/domains/checkout", {});
  expect(res.status, await res.clone().text()).toBe(201);
  const { orderId } = (await res.json()) as { orderId: string };
  const session = [...stripe.sessions.values()].find((s) => s.metadata.orderId === orderId)!;
  await stripe.pay(session.id);
  const [row] = await getDb()
    .select()
    .from(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.name, name)));
  await purchaseDomain(getDb(), row!.id);
  const domain = await domainById(row!.id);
  // registered, and handed over to DNS setup (whose job no worker runs here)
  expect(domain.status).toBe("configuring_dns");
  expect(domain.expiresAt).not.toBeNull();
  return { domain, session };
}

const domainById = async (id: string) => (await getDb().select().from(domains).where(eq(domains.id, id)))[0]!;
const renewalsOf = (domainId: string) =>
  getDb().select().from(domainRenewals).where(eq(domainRenewals.domainId, domainId));
const chargesFor = (domainId: string) =>
  [...stripe.paymentIntents.values()].filter((pi) => pi.metadata.domainId === domainId);
const billingOf = async (workspaceId: string) =>
  (await getDb().select().from(workspaceBilling).where(eq(workspaceBilling.workspaceId, workspaceId)))[0];

type RenewalView = {
  status: string;
  nextRenewalAt: string | null;
  priceCents: number | null;
  lastCharge: { status: string; attempts: number; error: string | null; amountCents: number } | null;
  warning: string | null;
};

describe("renewal billing", () => {
  it("checkout makes the workspace a Stripe customer once and saves the paid card for off-session renewals", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const first = await buyDomain(client, workspaceId);
    const billing = await billingOf(workspaceId);
    expect(billing?.stripeCustomerId).toMatch(/^cus_/);
    const customer = stripe.customers.get(billing!.stripeCustomerId)!;
    expect(customer.metadata).toEqual({ workspaceId });
    expect(first.session.customer).toBe(billing!.stripeCustomerId);
    expect(stripe.sessionSetupFutureUsage.get(first.session.id)).toBe("off_session");
    const pi = stripe.paymentIntents.get(first.session.payment_intent!)!;
    expect(pi.setup_future_usage).toBe("off_session");
    expect(billing!.stripePaymentMethodId).toBe(pi.payment_method);
    expect(customer.paymentMethods).toEqual([pi.payment_method]);

    // a second purchase reuses the customer and its card becomes the renewal card
    const second = await buyDomain(client, workspaceId);
    const after = await billingOf(workspaceId);
    expect(second.session.customer).toBe(billing!.stripeCustomerId);
    expect([...stripe.customers.values()].filter((c) => c.metadata.workspaceId === workspaceId)).toHaveLength(
      1,
    );
    expect(after!.stripePaymentMethodId).toBe(
      stripe.paymentIntents.get(second.session.payment_intent!)!.payment_method,
    );
  });

  it("charges a domain near expiry once, even with two sweeps at once, then takes the registrar's new expiry", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { domain } = await buyDomain(client, workspaceId);
    const expiresAt = domain.expiresAt!;

    // 46 days before expiry: not due yet
    await runRenewals(getDb(), { now: new Date(expiresAt.getTime() - 46 * DAY) });
    expect(chargesFor(domain.id)).toHaveLength(0);
    expect(await renewalsOf(domain.id)).toHaveLength(0);

    const now = new Date(expiresAt.getTime() - 44 * DAY);
    await Promise.all([runRenewals(getDb(), { now }), runRenewals(getDb(), { now })]);
    const charges = chargesFor(domain.id);
    expect(charges).toHaveLength(1);
    const billing = await billingOf(workspaceId);
    // 10.44 renewal at Cloudflare → the order line's renewal price, or the first year's price per year
    const [renewal] = await renewalsOf(domain.id);
    expect(charges[0]).toMatchObject({
      status: "succeeded",
      amount: renewal!.amountCents,
      currency: "usd",
      customer: billing!.stripeCustomerId,
      payment_method: billing!.stripePaymentMethodId,
      off_session: true,
      metadata: { domainId: domain.id, expiresAt: expiresAt.toISOString(), workspaceId },
    });
    expect(renewal).toMatchObject({ status: "charged", attempts: 0, stripePaymentIntentId: charges[0]!.id });
    expect(renewal!.periodExpiresAt.toISOString()).toBe(expiresAt.toISOString());
    const keys = stripe.requests
      .filter((r) => r.path === "/v1/payment_intents" && r.idempotencyKey?.includes(domain.id))
      .map((r) => r.idempotencyKey);
    expect(keys).toEqual([`renewal:${domain.id}:${expiresAt.toISOString().slice(0, 10)}`]);

    // later sweeps before expiry charge nothing more
    await runRenewals(getDb(), { now: new Date(expiresAt.getTime() - 10 * DAY) });
    expect(chargesFor(domain.id)).toHaveLength(1);

    // the API shows the renewal paid
    const view = (await (await client.get(`/api/v1/domains/${domain.id}`)).json()) as {
      renewal: RenewalView;
    };
    expect(view.renewal).toMatchObject({
      status: "auto",
      nextRenewalAt: expiresAt.toISOString(),
      priceCents: renewal!.amountCents,
      lastCharge: { status: "charged", attempts: 0, error: null, amountCents: renewal!.amountCents },
      warning: null,
    });

    // the registrar's auto-renew ran: after the old expiry the sweep takes the new date
    const renewedTo = new Date(expiresAt.getTime() + 365 * DAY);
    cf.registered.get(domain.name)!.expiresAt = renewedTo;
    await runRenewals(getDb(), { now: new Date(expiresAt.getTime() + DAY) });
    expect((await domainById(domain.id)).expiresAt!.toISOString()).toBe(renewedTo.toISOString());
    expect(proxy.autoRenew.has(domain.name)).toBe(false); // auto-renew never touched
  });

  it("a charge whose answer was lost is made again under the same key after its lease: charged once", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { domain } = await buyDomain(client, workspaceId);
    const now = new Date(domain.expiresAt!.getTime() - 44 * DAY);
    // Stripe charges the card, and the answer never arrives (nor those of the SDK's 2 retries)
    stripe.dropAnswers = 3;
    const cut = await runRenewals(getDb(), { now });
    expect(cut.errors).toBeGreaterThanOrEqual(1);
    expect(stripe.dropAnswers).toBe(0);
    let [renewal] = await renewalsOf(domain.id);
    expect(renewal).toMatchObject({ status: "charging", attempts: 0, stripePaymentIntentId: null });
    expect(chargesFor(domain.id)).toHaveLength(1);

    // within the lease nobody takes it over; after it, the same attempt under the same key
    await runRenewals(getDb(), { now: new Date(now.getTime() + 5 * 60_000) });
    expect((await renewalsOf(domain.id))[0]!.status).toBe("charging");
    await runRenewals(getDb(), { now: new Date(now.getTime() + 16 * 60_000) });
    [renewal] = await renewalsOf(domain.id);
    const charges = chargesFor(domain.id);
    expect(charges).toHaveLength(1);
    expect(renewal).toMatchObject({ status: "charged", attempts: 0, stripePaymentIntentId: charges[0]!.id });
    const keys = new Set(
      stripe.requests
        .filter((r) => r.path === "/v1/payment_intents" && r.idempotencyKey?.includes(domain.id))
        .map((r) => r.idempotencyKey),
    );
    expect([...keys]).toEqual([`renewal:${domain.id}:${domain.expiresAt!.toISOString().slice(0, 10)}`]);
  });

  it("a paid period the registrar did not renew is refunded a week after the expiry, once", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { domain } = await buyDomain(client, workspaceId);
    const expiresAt = domain.expiresAt!;
    await runRenewals(getDb(), { now: new Date(expiresAt.getTime() - 40 * DAY) });
    const [charged] = await renewalsOf(domain.id);
    expect(charged!.status).toBe("charged");

    // the registrar's expiry did not move: a few days after expiry it may still come, nothing yet
    await runRenewals(getDb(), { now: new Date(expiresAt.getTime() + 2 * DAY) });
    expect((await renewalsOf(domain.id))[0]!.status).toBe("charged");
    expect(stripe.refunds.filter((r) => r.payment_intent === charged!.stripePaymentIntentId)).toHaveLength(0);

    const later = new Date(expiresAt.getTime() + 8 * DAY);
    await Promise.all([runRenewals(getDb(), { now: later }), runRenewals(getDb(), { now: later })]);
    const [refunded] = await renewalsOf(domain.id);
    const refunds = stripe.refunds.filter((r) => r.payment_intent === charged!.stripePaymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: charged!.amountCents, metadata: { renewalId: charged!.id } });
    expect(refunded).toMatchObject({ status: "refunded", refundId: refunds[0]!.id });
    expect((await domainById(domain.id)).expiresAt!.toISOString()).toBe(expiresAt.toISOString());
  });

  it("a declined card is retried 3 times, then auto-renew goes off at the registrar and the workspace is warned; a paid retry turns it back on", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { domain } = await buyDomain(client, workspaceId);
    const expiresAt = domain.expiresAt!;
    const card = (await billingOf(workspaceId))!.stripePaymentMethodId!;
    stripe.failingCards.set(card, "authentication_required");

    let now = new Date(expiresAt.getTime() - 45 * DAY + 3600_000);
    await runRenewals(getDb(), { now });
    let [renewal] = await renewalsOf(domain.id);
    expect(renewal).toMatchObject({ status: "failed", attempts: 1, errorCode: "authentication_required" });
    expect(renewal!.error).toMatch(/requires authentication/);
    expect(renewal!.nextAttemptAt!.getTime()).toBe(now.getTime() + 3 * DAY);
    expect((await domainById(domain.id)).renewalStatus).not.toBe("lapsing");

    // not due again until three days later
    await runRenewals(getDb(), { now: new Date(now.getTime() + DAY) });
    expect((await renewalsOf(domain.id))[0]!.attempts).toBe(1);

    stripe.failingCards.set(card, "card_declined");
    for (const attempt of [2, 3, 4]) {
      now = new Date(now.getTime() + 3 * DAY);
      await runRenewals(getDb(), { now });
      [renewal] = await renewalsOf(domain.id);
      expect(renewal).toMatchObject({ status: "failed", attempts: attempt, errorCode: "card_declined" });
    }
    expect(renewal!.nextAttemptAt).toBeNull();
    expect(chargesFor(domain.id).map((pi) => pi.status)).toEqual(Array(4).fill("requires_payment_method"));
    // each attempt its own idempotency key: a decline is stored under its key
    const date = expiresAt.toISOString().slice(0, 10);
    expect(
      stripe.requests
        .filter((r) => r.path === "/v1/payment_intents" && r.idempotencyKey?.includes(domain.id))
        .map((r) => r.idempotencyKey),
    ).toEqual([
      `renewal:${domain.id}:${date}`,
      `renewal:${domain.id}:${date}:2`,
      `renewal:${domain.id}:${date}:3`,
      `renewal:${domain.id}:${date}:4`,
    ]);

    // after the last attempt: auto-renew off at the registrar, the domain lapsing, the workspace warned
    expect(proxy.autoRenew.get(domain.name)).toBe(false);
    expect((await domainById(domain.id)).renewalStatus).toBe("lapsing");
    const warned = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.type, "domain.renewal_failed")));
    expect(warned).toHaveLength(1);
    expect(warned[0]!.payload).toMatchObject({
      domainId: domain.id,
      expiresAt: expiresAt.toISOString(),
      attempts: 4,
      message: `Renewal charge failed: update the card, or the domain expires on ${date}.`,
    });
    const overview = (await (await client.get("/api/v1/domains/overview")).json()) as {
      data: { id: string; renewal: RenewalView }[];
    };
    expect(overview.data.find((d) => d.id === domain.id)!.renewal).toMatchObject({
      status: "lapsing",
      warning: `Renewal charge failed: update the card, or the domain expires on ${date}.`,
      lastCharge: { status: "failed", attempts: 4, error: "Your card was declined." },
    });
    // no more automatic attempts, and the warning is not repeated
    await runRenewals(getDb(), { now: new Date(now.getTime() + 3 * DAY) });
    expect(chargesFor(domain.id)).toHaveLength(4);

    // "Retry charge" with the card still refused: a clear answer, still lapsing
    const refused = await client.post(`/api/v1/domains/${domain.id}/renewal/charge`);
    expect(refused.status).toBe(200);
    expect(await refused.json()).toMatchObject({
      outcome: "failed",
      renewal: {
        status: "lapsing",
        lastCharge: { status: "failed", attempts: 5, error: "Your card was declined." },
      },
    });
    expect(proxy.autoRenew.get(domain.name)).toBe(false);

    // the customer sorted the card out with their bank: "Retry charge" pays and turns auto-renew on
    stripe.failingCards.delete(card);
    const paid = await client.post(`/api/v1/domains/${domain.id}/renewal/charge`);
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect(await paid.json()).toMatchObject({
      outcome: "charged",
      renewal: { status: "auto", warning: null, lastCharge: { status: "charged", error: null } },
    });
    expect(proxy.autoRenew.get(domain.name)).toBe(true);
    expect((await domainById(domain.id)).renewalStatus).toBe("auto");
    expect(chargesFor(domain.id).filter((pi) => pi.status === "succeeded")).toHaveLength(1);

    // paid for this period: another click charges nothing
    const again = await client.post(`/api/v1/domains/${domain.id}/renewal/charge`);
    expect(await again.json()).toMatchObject({ outcome: "already_charged" });
    expect(chargesFor(domain.id).filter((pi) => pi.status === "succeeded")).toHaveLength(1);
  });

  it("update card: a setup-mode checkout saves a new card on the workspace's customer, and the retry charges it", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { domain } = await buyDomain(client, workspaceId);
    const billing = (await billingOf(workspaceId))!;
    const oldCard = billing.stripePaymentMethodId!;
    stripe.failingCards.set(oldCard, "card_declined");
    await runRenewals(getDb(), { now: new Date(domain.expiresAt!.getTime() - 44 * DAY) });
    expect((await renewalsOf(domain.id))[0]).toMatchObject({ status: "failed", errorCode: "card_declined" });

    // only a path of this app to come back to, and no unknown fields
    for (const returnTo of ["https://evil.example/x", "//evil.example/x", "/\\evil.example"]) {
      const bad = await client.post("/api/v1/billing/card", { returnTo });
      expect(bad.status, returnTo).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/returnTo/);
    }
    expect((await client.post("/api/v1/billing/card", { amount: 1 })).status).toBe(400);

    const started = await client.post("/api/v1/billing/card", { returnTo: `/domains/${domain.id}` });
    expect(started.status, await started.clone().text()).toBe(201);
    const { url } = (await started.json()) as { url: string };
    const session = [...stripe.sessions.values()].find((x) => x.url === url)!;
    expect(session).toMatchObject({
      mode: "setup",
      customer: billing.stripeCustomerId,
      currency: "usd",
      amount_total: 0,
      success_url: `${app.url}/domains/${domain.id}?card=saved`,
      cancel_url: `${app.url}/domains/${domain.id}?card=cancelled`,
      metadata: { workspaceId, purpose: "card_update" },
    });
    // Stripe's hosted page: the person enters a card and comes back to the domain page
    const page = await fetch(url);
    expect(await page.text()).toContain("Save card");
    const saved = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ action: "pay" }),
      redirect: "manual",
    });
    expect(saved.headers.get("location")).toBe(`${app.url}/domains/${domain.id}?card=saved`);

    const intent = stripe.setupIntents.get(stripe.sessions.get(session.id)!.setup_intent!)!;
    expect(intent.metadata).toEqual({ workspaceId });
    const after = (await billingOf(workspaceId))!;
    expect(after.stripePaymentMethodId).toBe(intent.payment_method);
    expect(after.stripePaymentMethodId).not.toBe(oldCard);
    expect(stripe.customers.get(billing.stripeCustomerId)!.paymentMethods).toContain(intent.payment_method);
    // the completed event again (Stripe delivers at least once): the same card, nothing else
    const completed = stripe.events.filter(
      (e) => e.type === "checkout.session.completed" && (e.data.object as { id: string }).id === session.id,
    );
    expect(completed).toHaveLength(1);
    expect(await stripe.deliver(completed[0]!)).toBe(200);
    expect((await billingOf(workspaceId))!.stripePaymentMethodId).toBe(intent.payment_method);

    // "Retry charge" now pays with the new card
    const paid = await client.post(`/api/v1/domains/${domain.id}/renewal/charge`);
    expect(await paid.json()).toMatchObject({ outcome: "charged" });
    const charge = chargesFor(domain.id).find((pi) => pi.status === "succeeded")!;
    expect(charge.payment_method).toBe(intent.payment_method);
  });

  it("update card: a session naming another workspace's customer saves nothing", async () => {
    const a = await signUp(app.url);
    const b = await signUp(app.url);
    await buyDomain(a.client, a.workspaceId);
    await buyDomain(b.client, b.workspaceId);
    const cardOfA = (await billingOf(a.workspaceId))!.stripePaymentMethodId;
    // B's own setup session, with metadata claiming A's workspace (as a forged or mixed-up event would)
    const started = await b.client.post("/api/v1/billing/card", {});
    const { url } = (await started.json()) as { url: string };
    const session = [...stripe.sessions.values()].find((x) => x.url === url)!;
    expect(session.success_url).toBe(`${app.url}/domains?card=saved`);
    session.metadata.workspaceId = a.workspaceId;
    await stripe.pay(session.id);
    expect((await billingOf(a.workspaceId))!.stripePaymentMethodId).toBe(cardOfA);
  });

  it("the fake refuses what Stripe refuses in setup mode: line items, payment_intent_data, no currency", async () => {
    const sdk = new Stripe(stripe.secretKey, {
      host: "127.0.0.1",
      port: Number(new URL(stripe.apiUrl).port),
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const base = { mode: "setup" as const, success_url: "http://127.0.0.1/ok" };
    const refused = async (params: Stripe.Checkout.SessionCreateParams) => {
      const err = await sdk.checkout.sessions.create(params).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      return (err as Stripe.errors.StripeInvalidRequestError).param;
    };
    expect(await refused(base)).toBe("currency");
    expect(
      await refused({
        ...base,
        currency: "usd",
        line_items: [
          { quantity: 1, price_data: { currency: "usd", unit_amount: 100, product_data: { name: "x" } } },
        ],
      }),
    ).toBe("line_items");
    expect(
      await refused({ ...base, currency: "usd", payment_intent_data: { setup_future_usage: "off_session" } }),
    ).toBe("payment_intent_data");
    expect(
      await refused({
        ...base,
        currency: "usd",
        setup_intent_data: {
          metadata: { a: "b" },
          nope: 1,
        } as Stripe.Checkout.SessionCreateParams.SetupIntentData,
      }),
    ).toBe("setup_intent_data[nope]");
    const ok = await sdk.checkout.sessions.create({ ...base, currency: "usd" });
    expect(ok).toMatchObject({ mode: "setup", payment_status: "no_payment_required", setup_intent: null });
  });

  it("removing a bought domain turns its auto-renew off at the registrar first, so nobody pays for its renewal", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { domain } = await buyDomain(client, workspaceId);
    // the registrar does not confirm: nothing is removed
    proxy.failEdits = 1;
    const refused = await client.request(`/api/v1/domains/${domain.id}`, { method: "DELETE" });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/auto-renew/);
    expect(await getDb().select().from(domains).where(eq(domains.id, domain.id))).toHaveLength(1);
    expect(proxy.autoRenew.has(domain.name)).toBe(false);

    const res = await client.request(`/api/v1/domains/${domain.id}`, { method: "DELETE" });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(proxy.autoRenew.get(domain.name)).toBe(false);
    expect(await getDb().select().from(domains).where(eq(domains.id, domain.id))).toHaveLength(0);
  });

  it("retry charge: 404 for another workspace's domain, 400 for a domain added by hand (no renewal shown)", async () => {
    const owner = await signUp(app.url);
    const other = await signUp(app.url);
    const { domain } = await buyDomain(owner.client, owner.workspaceId);
    expect((await other.client.post(`/api/v1/domains/${domain.id}/renewal/charge`)).status).toBe(404);
    const added = await owner.client.post("/api/v1/domains", { name: `${label()}.com` });
    expect(added.status, await added.clone().text()).toBe(201);
    const { id, renewal } = (await added.json()) as { id: string; renewal: unknown };
    expect(renewal).toBeNull();
    const res = await owner.client.post(`/api/v1/domains/${id}/renewal/charge`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not billed here/);
  });
});

describe("the Stripe stand-in refuses what Stripe refuses (renewal calls)", () => {
  const sdk = () =>
    new Stripe(stripe.secretKey, {
      host: "127.0.0.1",
      port: Number(new URL(stripe.apiUrl).port),
      protocol: "http",
      maxNetworkRetries: 0,
    });

  it("customers.create and paymentIntents.create refuse unknown parameters", async () => {
    await expect(
      sdk().customers.create({ name: "x", workspace: "y" } as unknown as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "workspace" });
    const customer = await sdk().customers.create({ name: "x" });
    await expect(
      sdk().paymentIntents.create({
        amount: 1000,
        currency: "usd",
        customer: customer.id,
        offSession: true,
      } as unknown as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "offSession" });
  });

  it("off_session needs confirm, the card must be saved on the customer, and a decline is replayed under its key", async () => {
    const { client, workspaceId } = await signUp(app.url);
    await buyDomain(client, workspaceId);
    const billing = (await billingOf(workspaceId))!;
    const base = {
      amount: 1299,
      currency: "usd",
      customer: billing.stripeCustomerId,
      payment_method: billing.stripePaymentMethodId!,
    };
    await expect(sdk().paymentIntents.create({ ...base, off_session: true })).rejects.toMatchObject({
      statusCode: 400,
      param: "off_session",
    });
    const stranger = await sdk().customers.create({ name: "someone else" });
    await expect(
      sdk().paymentIntents.create({ ...base, customer: stranger.id, off_session: true, confirm: true }),
    ).rejects.toMatchObject({ statusCode: 400, code: "payment_method_unexpected_state" });
    await expect(
      sdk().paymentIntents.create({ ...base, amount: 20, off_session: true, confirm: true }),
    ).rejects.toMatchObject({ statusCode: 400, code: "amount_too_small" });

    stripe.failingCards.set(billing.stripePaymentMethodId!, "card_declined");
    const key = `test-decline-${randomBytes(4).toString("hex")}`;
    const declined = await sdk()
      .paymentIntents.create({ ...base, off_session: true, confirm: true }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
    });
    const piId = (declined as Stripe.errors.StripeCardError).payment_intent!.id;
    expect(stripe.paymentIntents.get(piId)!.status).toBe("requires_payment_method");
    // the card works again, but the same key answers the stored decline (and makes no new charge)
    stripe.failingCards.delete(billing.stripePaymentMethodId!);
    const count = stripe.paymentIntents.size;
    const replay = await sdk()
      .paymentIntents.create({ ...base, off_session: true, confirm: true }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(replay).toMatchObject({ statusCode: 402, code: "card_declined" });
    expect((replay as Stripe.errors.StripeCardError).payment_intent!.id).toBe(piId);
    expect(stripe.paymentIntents.size).toBe(count);
  });

  it("checkout refuses an unknown customer and a bad setup_future_usage", async () => {
    const params = {
      mode: "payment" as const,
      success_url: "http://127.0.0.1/ok",
      line_items: [
        { quantity: 1, price_data: { currency: "usd", unit_amount: 1000, product_data: { name: "x" } } },
      ],
    };
    await expect(
      sdk().checkout.sessions.create({ ...params, customer: "cus_missing" }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "customer",
    });
    await expect(
      sdk().checkout.sessions.create({
        ...params,
        payment_intent_data: { setup_future_usage: "always" as "off_session" },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "payment_intent_data[setup_future_usage]" });
  });
});
