import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";

/**
 * The local Stripe refuses what Stripe refuses, with Stripe's error envelope, so that a wrong
 * request from the product fails a test instead of passing against a lenient imitation. Each rule
 * is shown through the official SDK (what the product uses) and, where the envelope matters, raw.
 */
let fake: FakeStripe;
let sdk: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe({ webhookSecret: "whsec_strict" });
  sdk = new Stripe(fake.secretKey, {
    host: "127.0.0.1",
    port: Number(new URL(fake.apiUrl).port),
    protocol: "http",
    maxNetworkRetries: 0,
  });
});
afterAll(async () => {
  await fake?.close();
});

const session = (extra: Record<string, unknown> = {}): Stripe.Checkout.SessionCreateParams => ({
  mode: "payment",
  line_items: [
    {
      quantity: 1,
      price_data: { currency: "usd", unit_amount: 1199, product_data: { name: "example.com — 1 year" } },
    },
  ],
  success_url: "http://127.0.0.1/success",
  ...extra,
});

async function raw(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${fake.apiUrl}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${fake.secretKey}`,
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as { error?: Record<string, string>; id?: string } };
}

async function paidIntent(amount = 1199) {
  const s = await sdk.checkout.sessions.create(
    session({
      line_items: [
        { quantity: 1, price_data: { currency: "usd", unit_amount: amount, product_data: { name: "x" } } },
      ],
    }),
  );
  await fake.pay(s.id);
  return fake.sessions.get(s.id)!.payment_intent!;
}

describe("unknown parameters", () => {
  it("a top-level parameter the SDK's type does not have: 400 parameter_unknown in Stripe's envelope", async () => {
    const { status, body } = await raw("/v1/checkout/sessions", {
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "100",
      "line_items[0][price_data][product_data][name]": "x",
      success_url: "http://127.0.0.1/s",
      expected_cost: "100",
    });
    expect(status).toBe(400);
    expect(body.error).toEqual({
      type: "invalid_request_error",
      code: "parameter_unknown",
      param: "expected_cost",
      message: "Received unknown parameter: expected_cost",
      doc_url: "https://stripe.com/docs/error-codes/parameter-unknown",
    });
  });

  it("a nested one, named by its full bracketed path, through the SDK", async () => {
    const bad = session({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: "usd", unit_amount: 100, product_data: { name: "x", colour: "red" } },
        },
      ],
    } as unknown as Partial<Stripe.Checkout.SessionCreateParams>);
    await expect(sdk.checkout.sessions.create(bad)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      code: "parameter_unknown",
      param: "line_items[0][price_data][product_data][colour]",
    });
    await expect(
      sdk.checkout.sessions.create(
        session({
          payment_intent_data: { metadata: { a: "1" }, domain: "x" },
        } as unknown as Partial<Stripe.Checkout.SessionCreateParams>),
      ),
    ).rejects.toMatchObject({ code: "parameter_unknown", param: "payment_intent_data[domain]" });
    await expect(
      sdk.refunds.create({
        payment_intent: await paidIntent(),
        amount: 100,
        domain_id: "d",
      } as Stripe.RefundCreateParams),
    ).rejects.toMatchObject({ code: "parameter_unknown", param: "domain_id" });
    await expect(
      sdk.checkout.sessions.expire((await sdk.checkout.sessions.create(session())).id, {
        reason: "replaced",
      } as Stripe.Checkout.SessionExpireParams),
    ).rejects.toMatchObject({ code: "parameter_unknown", param: "reason" });
  });

  it("metadata past Stripe's limits is refused", async () => {
    await expect(
      sdk.checkout.sessions.create(session({ metadata: { ["k".repeat(41)]: "v" } })),
    ).rejects.toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    await expect(
      sdk.checkout.sessions.create(session({ metadata: { note: "v".repeat(501) } })),
    ).rejects.toMatchObject({ statusCode: 400, param: "metadata[note]" });
  });
});

describe("idempotency keys", () => {
  it("the same key with the same parameters replays the first answer; with other parameters: 400 idempotency_error", async () => {
    const key = `idem-${Date.now()}`;
    const first = await sdk.checkout.sessions.create(session(), { idempotencyKey: key });
    const again = await sdk.checkout.sessions.create(session(), { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(fake.sessions.size).toBeGreaterThan(0);

    await expect(
      sdk.checkout.sessions.create(session({ client_reference_id: "other" }), { idempotencyKey: key }),
    ).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
      raw: expect.objectContaining({ type: "idempotency_error" }),
    });
    // on another endpoint too
    const other = await raw(
      "/v1/refunds",
      { payment_intent: "pi_x", amount: "1" },
      { "idempotency-key": key },
    );
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({ type: "idempotency_error" });
    expect(other.body.error!.message).toMatch(/same parameters they were first used with/);
  });

  it("a request refused by parameter validation saves nothing: the key is free for the corrected request", async () => {
    const key = `idem-fix-${Date.now()}`;
    const bad = await raw(
      "/v1/refunds",
      { payment_intent: "pi_x", amount: "1", typo: "1" },
      { "idempotency-key": key },
    );
    expect(bad.body.error).toMatchObject({ code: "parameter_unknown" });
    const pi = await paidIntent(500);
    const good = await raw("/v1/refunds", { payment_intent: pi, amount: "100" }, { "idempotency-key": key });
    expect(good.status).toBe(200);
  });

  it("a refusal after the endpoint ran is the key's answer: replayed as is", async () => {
    const pi = await paidIntent(300);
    const key = `idem-too-much-${Date.now()}`;
    const first = await raw("/v1/refunds", { payment_intent: pi, amount: "301" }, { "idempotency-key": key });
    const again = await raw("/v1/refunds", { payment_intent: pi, amount: "301" }, { "idempotency-key": key });
    expect(first).toEqual(again);
    expect(first.body.error).toMatchObject({ code: "amount_too_large" });
  });
});

describe("metadata", () => {
  it("Checkout metadata stays on the session; the PaymentIntent gets only payment_intent_data.metadata", async () => {
    const s = await sdk.checkout.sessions.create(
      session({
        metadata: { orderId: "o1", workspaceId: "w1" },
        payment_intent_data: { metadata: { orderId: "o1" } },
      }),
    );
    await fake.pay(s.id);
    const paid = await sdk.checkout.sessions.retrieve(s.id);
    expect(paid.metadata).toEqual({ orderId: "o1", workspaceId: "w1" });
    const intent = await sdk.paymentIntents.retrieve(paid.payment_intent as string);
    expect(intent.metadata).toEqual({ orderId: "o1" });

    const bare = await sdk.checkout.sessions.create(session({ metadata: { orderId: "o2" } }));
    await fake.pay(bare.id);
    const bareIntent = await sdk.paymentIntents.retrieve(fake.sessions.get(bare.id)!.payment_intent!);
    expect(bareIntent.metadata).toEqual({});
  });
});

describe("refunds", () => {
  it("more than what is left of the charge: amount_too_large; nothing left: charge_already_refunded", async () => {
    const pi = await paidIntent(1000);
    await expect(sdk.refunds.create({ payment_intent: pi, amount: 1001 })).rejects.toMatchObject({
      statusCode: 400,
      code: "amount_too_large",
      param: "amount",
    });
    await sdk.refunds.create({ payment_intent: pi, amount: 600 });
    await expect(sdk.refunds.create({ payment_intent: pi, amount: 401 })).rejects.toMatchObject({
      code: "amount_too_large",
    });
    await sdk.refunds.create({ payment_intent: pi, amount: 400 });
    await expect(sdk.refunds.create({ payment_intent: pi, amount: 1 })).rejects.toMatchObject({
      statusCode: 400,
      code: "charge_already_refunded",
    });
    expect(fake.refunds.filter((r) => r.payment_intent === pi).map((r) => r.amount)).toEqual([600, 400]);
  });
});
