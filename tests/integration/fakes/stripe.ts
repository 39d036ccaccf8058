import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { paramsOf } from "./stripe-params";

/**
 * A local server answering the part of Stripe's REST API Coldframe uses, the way Stripe does:
 * form-encoded bodies with bracketed keys, `expand[]`, bearer secret keys (401 otherwise),
 * `Idempotency-Key` replays (same response back; the same key with other parameters or on another
 * endpoint → 400 `idempotency_error`; a request refused by parameter validation saves nothing),
 * and the `{ error: { type, code, message, param, doc_url } }` envelope.
 *
 * Strict where Stripe is strict: a parameter the SDK's request type does not have → 400
 * `parameter_unknown` (the allowed keys are read from the SDK's own .d.ts, see stripe-params.ts);
 * metadata past Stripe's limits → 400; a refund over what is left of the charge → 400
 * (`charge_already_refunded` / `amount_too_large`); Checkout `metadata` stays on the session and
 * the PaymentIntent gets only `payment_intent_data.metadata`. It also serves the hosted checkout page
 * and sends signed webhook events (signature from the SDK's own generateTestHeaderString), like
 * Stripe does after a payment, an expiry or a refund.
 */
export type FakeSession = {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid" | "no_payment_required";
  url: string | null;
  success_url: string | null;
  cancel_url: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  currency: string;
  amount_subtotal: number;
  amount_total: number;
  payment_intent: string | null;
  /** setup mode: the SetupIntent that saved the card, once the session completes */
  setup_intent: string | null;
  customer_email: string | null;
  /** the Customer named at creation (`customer`); its card is saved when setup_future_usage says so */
  customer: string | null;
  expires_at: number;
  created: number;
  livemode: false;
  line_items: { data: FakeLineItem[] };
};
type FakeLineItem = {
  id: string;
  object: "item";
  description: string;
  quantity: number;
  currency: string;
  amount_subtotal: number;
  amount_total: number;
  price: { id: string; object: "price"; currency: string; unit_amount: number; product: string };
};
export type FakeRefund = {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string;
  status: "succeeded";
  metadata: Record<string, string>;
  created: number;
};
type FakePaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  latest_charge: string;
  metadata: Record<string, string>;
  customer: string | null;
  payment_method: string | null;
  setup_future_usage: "on_session" | "off_session" | null;
  off_session?: boolean;
  last_payment_error?: unknown;
};
export type FakeSetupIntent = {
  id: string;
  object: "setup_intent";
  status: "succeeded";
  usage: "off_session";
  customer: string | null;
  payment_method: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
};
export type FakeCustomer = {
  id: string;
  object: "customer";
  name: string | null;
  email: string | null;
  metadata: Record<string, string>;
  created: number;
  /** payment methods attached (saved by a payment with setup_future_usage) */
  paymentMethods: string[];
};
/** How a saved card answers an off-session charge, as Stripe's test cards do. */
export type FakeCardFailure = "card_declined" | "authentication_required";
export type FakeEvent = {
  id: string;
  object: "event";
  type: string;
  api_version: string;
  created: number;
  livemode: false;
  data: { object: unknown };
};

export type FakeStripe = {
  apiUrl: string;
  secretKey: string;
  webhookSecret: string;
  webhookUrl: string | undefined;
  sessions: Map<string, FakeSession>;
  refunds: FakeRefund[];
  paymentIntents: Map<string, FakePaymentIntent>;
  customers: Map<string, FakeCustomer>;
  /** setup-mode sessions' SetupIntents (a card saved without a payment) */
  setupIntents: Map<string, FakeSetupIntent>;
  /** per session id: the setup_future_usage its payment_intent_data asked for */
  sessionSetupFutureUsage: Map<string, string>;
  /** saved payment methods that refuse charges, and how (like Stripe's decline test cards) */
  failingCards: Map<string, FakeCardFailure>;
  /**
   * Lose the answers of the next N keyed POSTs: each is carried out (and stored under its key),
   * then the connection is cut before the answer, as a network failure after Stripe acted does.
   */
  dropAnswers: number;
  /** every event sent, in order */
  events: FakeEvent[];
  /** every API request: method and path */
  requests: { method: string; path: string; idempotencyKey: string | null }[];
  /** body and signature header for an event, signed like Stripe signs it */
  sign(event: FakeEvent, secret?: string): { payload: string; header: string };
  /** POST an event to webhookUrl; returns the receiver's status */
  deliver(event: FakeEvent): Promise<number>;
  /**
   * The customer pays (in setup mode: enters a card, saved on the session's customer, and the
   * session completes with its SetupIntent): `completed` with payment_status paid; `{ async: true }` → completed unpaid,
   * then async_payment_succeeded; `{ fail: true }` → completed unpaid, then async_payment_failed.
   */
  pay(sessionId: string, opts?: { fail?: boolean; async?: boolean }): Promise<void>;
  expire(sessionId: string): Promise<void>;
  /** sessions whose expire call fails with a 500 (Stripe down at that moment): they stay open */
  failExpire: Set<string>;
  /**
   * Events an API call causes (an expiry's checkout.session.expired) are delivered, and answered
   * by the receiver, before the call itself is answered: Stripe promises no order between the two.
   */
  eventsBeforeAnswer: boolean;
  close(): Promise<void>;
};

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** more fields of the error object (a card error's decline_code, payment_intent, ...) */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** refused before the endpoint ran: Stripe saves no idempotent result for it */
  get validation(): boolean {
    return this.status === 400 && /^parameter_/.test(this.code ?? "");
  }
}

/**
 * 400 parameter_unknown for the first key of `params` that the SDK type `typePath` (in
 * `resource`.d.ts) does not declare; `prefix` is where `params` sits, as Stripe names it.
 */
function refuseUnknown(params: unknown, resource: string, typePath: string, prefix = "") {
  if (typeof params !== "object" || params === null || Array.isArray(params)) return;
  const allowed = paramsOf(resource, typePath);
  for (const key of Object.keys(params)) {
    if (allowed.has(key)) continue;
    const param = prefix ? `${prefix}[${key}]` : key;
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `Received unknown parameter: ${param}`,
      "parameter_unknown",
      param,
    );
  }
}

/** Stripe's metadata limits: 50 keys, keys up to 40 characters, string values up to 500. */
function checkMetadata(metadata: unknown, prefix: string) {
  if (metadata === undefined || metadata === "") return;
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))
    throw new StripeApiError(
      400,
      "invalid_request_error",
      `Invalid object: ${prefix} must be a hash of keys and string values.`,
      "parameter_invalid_empty",
      prefix,
    );
  const entries = Object.entries(metadata);
  if (entries.length > 50)
    throw new StripeApiError(
      400,
      "invalid_request_error",
      "You can only specify up to 50 metadata keys.",
      "parameter_invalid_empty",
      prefix,
    );
  for (const [key, value] of entries) {
    if (key.length > 40 || typeof value !== "string" || value.length > 500)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        key.length > 40
          ? `Metadata keys can have up to 40 characters, but you passed in a key that is ${key.length} characters.`
          : "Metadata values can have up to 500 characters and must be strings.",
        "parameter_invalid_string_blank",
        `${prefix}[${key}]`,
      );
  }
}

/** Parameters as Stripe compares them for idempotency: the same values whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

export async function startFakeStripe(opts: {
  webhookUrl?: string;
  webhookSecret: string;
}): Promise<FakeStripe> {
  const secretKey = `sk_test_${randomBytes(16).toString("hex")}`;
  const sessions = new Map<string, FakeSession>();
  const refunds: FakeRefund[] = [];
  const paymentIntents = new Map<string, FakePaymentIntent>();
  const customers = new Map<string, FakeCustomer>();
  const setupIntents = new Map<string, FakeSetupIntent>();
  /** setup_intent_data.metadata of each setup-mode session */
  const setupMetadata = new Map<string, Record<string, string>>();
  const sessionSetupFutureUsage = new Map<string, string>();
  const failingCards = new Map<string, FakeCardFailure>();
  const events: FakeEvent[] = [];
  const requests: FakeStripe["requests"] = [];
  const idempotent = new Map<string, { hash: string; status: number; body: string }>();
  /** payment_intent_data.metadata of each session: all the PaymentIntent gets from Checkout */
  const intentMetadata = new Map<string, Record<string, string>>();
  let apiUrl = "";

  const fake: FakeStripe = {
    apiUrl: "",
    secretKey,
    webhookSecret: opts.webhookSecret,
    webhookUrl: opts.webhookUrl,
    sessions,
    refunds,
    paymentIntents,
    customers,
    setupIntents,
    sessionSetupFutureUsage,
    failingCards,
    dropAnswers: 0,
    events,
    requests,
    sign(event, secret = opts.webhookSecret) {
      const payload = JSON.stringify(event, null, 2);
      return { payload, header: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
    },
    async deliver(event) {
      if (!fake.webhookUrl) return 0;
      const { payload, header } = fake.sign(event);
      const res = await fetch(fake.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": header },
        body: payload,
      });
      await res.arrayBuffer();
      return res.status;
    },
    async pay(sessionId, payOpts = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      if (session.status !== "open") throw new Error(`session ${sessionId} is ${session.status}`);
      if (session.mode === "setup") {
        const intent: FakeSetupIntent = {
          id: newId("seti"),
          object: "setup_intent",
          status: "succeeded",
          usage: "off_session",
          customer: session.customer,
          payment_method: newId("pm"),
          metadata: { ...(setupMetadata.get(session.id) ?? {}) },
          created: now(),
          livemode: false,
        };
        setupIntents.set(intent.id, intent);
        if (session.customer) customers.get(session.customer)?.paymentMethods.push(intent.payment_method);
        session.status = "complete";
        session.setup_intent = intent.id;
        session.url = null;
        await fake.deliver(event("checkout.session.completed", session));
        return;
      }
      const pi: FakePaymentIntent = {
        id: newId("pi"),
        object: "payment_intent",
        amount: session.amount_total,
        amount_received: 0,
        currency: session.currency,
        status: "processing",
        latest_charge: newId("ch"),
        metadata: { ...(intentMetadata.get(session.id) ?? {}) },
        ...savedCard(session),
      };
      paymentIntents.set(pi.id, pi);
      session.status = "complete";
      session.payment_intent = pi.id;
      session.url = null;
      const pending = payOpts.fail || payOpts.async;
      if (!pending) {
        session.payment_status = "paid";
        pi.status = "succeeded";
        pi.amount_received = pi.amount;
      }
      await fake.deliver(event("checkout.session.completed", session));
      if (!pending) return;
      if (payOpts.fail) {
        pi.status = "requires_payment_method";
        await fake.deliver(event("checkout.session.async_payment_failed", session));
      } else {
        session.payment_status = "paid";
        pi.status = "succeeded";
        pi.amount_received = pi.amount;
        await fake.deliver(event("checkout.session.async_payment_succeeded", session));
      }
    },
    async expire(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      expireSession(session);
      await fake.deliver(event("checkout.session.expired", session));
    },
    failExpire: new Set(),
    eventsBeforeAnswer: false,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  function event(type: string, object: unknown): FakeEvent {
    const e: FakeEvent = {
      id: newId("evt"),
      object: "event",
      type,
      api_version: Stripe.API_VERSION,
      created: now(),
      livemode: false,
      data: { object: structuredClone(object) },
    };
    events.push(e);
    return e;
  }

  function expireSession(session: FakeSession) {
    if (session.status !== "open")
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
        "checkout_session_not_open",
      );
    session.status = "expired";
    session.url = null;
  }

  function createSession(body: Form): FakeSession {
    const S = "Checkout.SessionCreateParams";
    refuseUnknown(body, "Checkout/Sessions", S);
    asArray(body.line_items).forEach((item, i) => {
      const at = `line_items[${i}]`;
      const line = item as Form;
      refuseUnknown(line, "Checkout/Sessions", `${S}.LineItem`, at);
      refuseUnknown(line.price_data, "Checkout/Sessions", `${S}.LineItem.PriceData`, `${at}[price_data]`);
      const product = (line.price_data as Form | undefined)?.product_data;
      refuseUnknown(
        product,
        "Checkout/Sessions",
        `${S}.LineItem.PriceData.ProductData`,
        `${at}[price_data][product_data]`,
      );
      checkMetadata((product as Form | undefined)?.metadata, `${at}[price_data][product_data][metadata]`);
    });
    refuseUnknown(
      body.payment_intent_data,
      "Checkout/Sessions",
      `${S}.PaymentIntentData`,
      "payment_intent_data",
    );
    checkMetadata(body.metadata, "metadata");
    checkMetadata((body.payment_intent_data as Form | undefined)?.metadata, "payment_intent_data[metadata]");
    if (body.mode !== "payment" && body.mode !== "setup")
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Missing required param: mode.",
        undefined,
        "mode",
      );
    if (body.mode === "setup") return createSetupSession(body);
    if (body.setup_intent_data !== undefined)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "You can only pass in `setup_intent_data` in `setup` mode.",
        undefined,
        "setup_intent_data",
      );
    const items = asArray(body.line_items);
    if (items.length === 0)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "You must provide at least one line item in `payment` mode.",
        "parameter_missing",
        "line_items",
      );
    const lineItems: FakeLineItem[] = items.map((raw, i) => {
      const item = raw as Form;
      const price = item.price_data as Form | undefined;
      const product = price?.product_data as Form | undefined;
      const unit = Number(price?.unit_amount);
      const quantity = Number(item.quantity ?? 1);
      if (!price || typeof price.currency !== "string" || !Number.isInteger(unit) || unit < 0)
        throw new StripeApiError(
          400,
          "invalid_request_error",
          "Invalid price_data: currency and a non-negative integer unit_amount are required.",
          "parameter_invalid_integer",
          `line_items[${i}][price_data]`,
        );
      if (!product || typeof product.name !== "string" || product.name === "")
        throw new StripeApiError(
          400,
          "invalid_request_error",
          "Missing required param: line_items[0][price_data][product_data][name].",
          "parameter_missing",
          `line_items[${i}][price_data][product_data][name]`,
        );
      return {
        id: newId("li"),
        object: "item",
        description: product.name,
        quantity,
        currency: price.currency,
        amount_subtotal: unit * quantity,
        amount_total: unit * quantity,
        price: {
          id: newId("price"),
          object: "price",
          currency: price.currency,
          unit_amount: unit,
          product: newId("prod"),
        },
      };
    });
    const currencies = new Set(lineItems.map((l) => l.currency));
    if (currencies.size > 1)
      throw new StripeApiError(400, "invalid_request_error", "All line items must use the same currency.");
    if (typeof body.success_url !== "string")
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Missing required param: success_url.",
        "parameter_missing",
        "success_url",
      );
    const id = `cs_test_${randomBytes(24).toString("hex")}`;
    const customer = sessionCustomer(body, id);
    const total = lineItems.reduce((s, l) => s + l.amount_total, 0);
    const session: FakeSession = {
      id,
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      url: `${apiUrl}/pay/${id}`,
      success_url: body.success_url,
      cancel_url: typeof body.cancel_url === "string" ? body.cancel_url : null,
      client_reference_id: typeof body.client_reference_id === "string" ? body.client_reference_id : null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      currency: lineItems[0]!.currency,
      amount_subtotal: total,
      amount_total: total,
      payment_intent: null,
      setup_intent: null,
      customer_email: typeof body.customer_email === "string" ? body.customer_email : null,
      customer,
      expires_at: body.expires_at ? Number(body.expires_at) : now() + 24 * 3600,
      created: now(),
      livemode: false,
      line_items: { data: lineItems },
    };
    sessions.set(id, session);
    intentMetadata.set(
      id,
      ((body.payment_intent_data as Form | undefined)?.metadata as Record<string, string>) ?? {},
    );
    return session;
  }

  /**
   * A setup-mode session: a card saved for later, nothing charged. Refuses what Stripe refuses
   * there: line items and payment_intent_data (payment mode only), a missing currency (Checkout's
   * dynamic payment methods need it in setup mode unless payment_method_types is given).
   */
  function createSetupSession(body: Form): FakeSession {
    const S = "Checkout.SessionCreateParams";
    for (const param of ["line_items", "payment_intent_data"] as const)
      if (body[param] !== undefined)
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `You can not pass \`${param}\` in \`setup\` mode.`,
          undefined,
          param,
        );
    refuseUnknown(body.setup_intent_data, "Checkout/Sessions", `${S}.SetupIntentData`, "setup_intent_data");
    checkMetadata((body.setup_intent_data as Form | undefined)?.metadata, "setup_intent_data[metadata]");
    if (body.payment_method_types === undefined && typeof body.currency !== "string")
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Missing required param: currency.",
        "parameter_missing",
        "currency",
      );
    if (typeof body.success_url !== "string")
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Missing required param: success_url.",
        "parameter_missing",
        "success_url",
      );
    const id = `cs_test_${randomBytes(24).toString("hex")}`;
    const session: FakeSession = {
      id,
      object: "checkout.session",
      mode: "setup",
      status: "open",
      payment_status: "no_payment_required",
      url: `${apiUrl}/pay/${id}`,
      success_url: body.success_url,
      cancel_url: typeof body.cancel_url === "string" ? body.cancel_url : null,
      client_reference_id: typeof body.client_reference_id === "string" ? body.client_reference_id : null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      currency: typeof body.currency === "string" ? body.currency : "usd",
      amount_subtotal: 0,
      amount_total: 0,
      payment_intent: null,
      setup_intent: null,
      customer_email: typeof body.customer_email === "string" ? body.customer_email : null,
      customer: sessionCustomer(body, id),
      expires_at: body.expires_at ? Number(body.expires_at) : now() + 24 * 3600,
      created: now(),
      livemode: false,
      line_items: { data: [] },
    };
    sessions.set(id, session);
    setupMetadata.set(
      id,
      ((body.setup_intent_data as Form | undefined)?.metadata as Record<string, string>) ?? {},
    );
    return session;
  }

  /**
   * `customer` must exist; `payment_intent_data[setup_future_usage]` is on_session or off_session
   * (recorded per session: the payment then saves its card on the customer, as Stripe does).
   */
  function sessionCustomer(body: Form, sessionId: string): string | null {
    if (body.customer !== undefined && (typeof body.customer !== "string" || !customers.has(body.customer)))
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `No such customer: '${String(body.customer)}'`,
        "resource_missing",
        "customer",
      );
    const pid = body.payment_intent_data as Form | undefined;
    const usage = pid?.setup_future_usage;
    if (usage !== undefined) {
      if (usage !== "on_session" && usage !== "off_session")
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `Invalid payment_intent_data[setup_future_usage]: must be one of on_session or off_session`,
          "parameter_invalid_string",
          "payment_intent_data[setup_future_usage]",
        );
      sessionSetupFutureUsage.set(sessionId, usage);
    }
    return typeof body.customer === "string" ? body.customer : null;
  }

  /** The card a checkout is paid with; saved on the session's customer when asked to be. */
  function savedCard(session: FakeSession) {
    const usage = (sessionSetupFutureUsage.get(session.id) ??
      null) as FakePaymentIntent["setup_future_usage"];
    const paymentMethod = newId("pm");
    if (usage && session.customer) customers.get(session.customer)?.paymentMethods.push(paymentMethod);
    return { customer: session.customer, payment_method: paymentMethod, setup_future_usage: usage };
  }

  function createCustomer(body: Form): FakeCustomer {
    refuseUnknown(body, "Customers", "CustomerCreateParams");
    const customer: FakeCustomer = {
      id: newId("cus"),
      object: "customer",
      name: typeof body.name === "string" ? body.name : null,
      email: typeof body.email === "string" ? body.email : null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      created: now(),
      paymentMethods: [],
    };
    customers.set(customer.id, customer);
    return customer;
  }

  /**
   * A PaymentIntent created and confirmed at once, as renewals charge a saved card off-session.
   * Refuses what Stripe refuses: unknown parameters, a missing or bad amount/currency, off_session
   * without confirm, a payment method not attached to the customer. A card in `failingCards`
   * declines like Stripe's test cards: 402 card_error with the PaymentIntent in the error.
   */
  function createPaymentIntent(body: Form): FakePaymentIntent {
    refuseUnknown(body, "PaymentIntents", "PaymentIntentCreateParams");
    const amount = Number(body.amount);
    if (body.amount === undefined)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Missing required param: amount.",
        "parameter_missing",
        "amount",
      );
    if (!Number.isInteger(amount) || amount < 50)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Amount must be at least $0.50 usd",
        "amount_too_small",
        "amount",
      );
    if (typeof body.currency !== "string" || !/^[a-z]{3}$/.test(body.currency))
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Missing required param: currency.",
        "parameter_missing",
        "currency",
      );
    const offSession = body.off_session === "true";
    const confirm = body.confirm === "true";
    if (body.off_session !== undefined && !confirm)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "The parameter off_session can only be used when confirm=true.",
        "parameter_invalid_string",
        "off_session",
      );
    const customer = typeof body.customer === "string" ? customers.get(body.customer) : undefined;
    if (body.customer !== undefined && !customer)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `No such customer: '${String(body.customer)}'`,
        "resource_missing",
        "customer",
      );
    const pm = typeof body.payment_method === "string" ? body.payment_method : null;
    if (pm && !(customer?.paymentMethods.includes(pm) ?? false))
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `The provided PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.`,
        "payment_method_unexpected_state",
        "payment_method",
      );
    if (confirm && !pm)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "You cannot confirm this PaymentIntent because it's missing a payment method.",
        "payment_intent_unexpected_state",
      );
    const pi: FakePaymentIntent = {
      id: newId("pi"),
      object: "payment_intent",
      amount,
      amount_received: 0,
      currency: body.currency,
      status: confirm ? "succeeded" : "requires_confirmation",
      latest_charge: newId("ch"),
      metadata: (body.metadata as Record<string, string>) ?? {},
      customer: customer?.id ?? null,
      payment_method: pm,
      setup_future_usage: null,
      off_session: offSession,
    };
    paymentIntents.set(pi.id, pi);
    const failure = pm ? failingCards.get(pm) : undefined;
    if (confirm && failure) {
      const message =
        failure === "card_declined"
          ? "Your card was declined."
          : "Your card was declined. This transaction requires authentication.";
      const error = {
        type: "card_error",
        code: failure,
        decline_code: failure === "card_declined" ? "generic_decline" : "authentication_required",
        message,
      };
      pi.status = "requires_payment_method";
      pi.last_payment_error = error;
      throw new StripeApiError(402, "card_error", message, failure, undefined, {
        decline_code: error.decline_code,
        charge: pi.latest_charge,
        payment_intent: { ...pi },
        payment_method: { id: pm, object: "payment_method", customer: pi.customer },
      });
    }
    if (confirm) pi.amount_received = amount;
    return pi;
  }

  function createRefund(body: Form): FakeRefund {
    refuseUnknown(body, "Refunds", "RefundCreateParams");
    checkMetadata(body.metadata, "metadata");
    const piId = body.payment_intent;
    const pi = typeof piId === "string" ? paymentIntents.get(piId) : undefined;
    if (!pi)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `No such payment_intent: '${String(piId)}'`,
        "resource_missing",
        "payment_intent",
      );
    if (pi.status !== "succeeded")
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
        "charge_not_refundable",
      );
    const already = refunds.filter((r) => r.payment_intent === pi.id).reduce((s, r) => s + r.amount, 0);
    const remaining = pi.amount_received - already;
    const amount = body.amount === undefined ? remaining : Number(body.amount);
    if (!Number.isInteger(amount) || amount <= 0)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Invalid positive integer",
        "parameter_invalid_integer",
        "amount",
      );
    if (remaining <= 0)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Charge ${pi.latest_charge} has already been refunded.`,
        "charge_already_refunded",
      );
    if (amount > remaining)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`,
        "amount_too_large",
        "amount",
      );
    const refund: FakeRefund = {
      id: newId("re"),
      object: "refund",
      amount,
      currency: pi.currency,
      payment_intent: pi.id,
      charge: pi.latest_charge,
      status: "succeeded",
      metadata: (body.metadata as Record<string, string>) ?? {},
      created: now(),
    };
    refunds.push(refund);
    const refunded = already + amount;
    const charge = {
      id: pi.latest_charge,
      object: "charge",
      amount: pi.amount_received,
      amount_refunded: refunded,
      currency: pi.currency,
      payment_intent: pi.id,
      refunded: refunded === pi.amount_received,
      metadata: pi.metadata,
    };
    // Stripe tells the account about the refund asynchronously, as charge.refunded.
    setImmediate(() => void fake.deliver(event("charge.refunded", charge)).catch(() => {}));
    return refund;
  }

  async function route(method: string, path: string, body: Form, query: URLSearchParams): Promise<unknown> {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") return view(createSession(body), body, query);
    if ((m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)(\/expire|\/line_items)?$/))) {
      const session = sessions.get(m[1]!);
      if (!session) throw missing("checkout.session", m[1]!);
      if (method === "POST" && m[2] === "/expire") {
        refuseUnknown(body, "Checkout/Sessions", "Checkout.SessionExpireParams");
        if (fake.failExpire.has(session.id))
          throw new StripeApiError(
            500,
            "api_error",
            "An unknown error occurred while processing your request.",
          );
        expireSession(session);
        const expired = event("checkout.session.expired", session);
        if (fake.eventsBeforeAnswer) await fake.deliver(expired);
        else setImmediate(() => void fake.deliver(expired).catch(() => {}));
        return view(session, body, query);
      }
      if (method === "GET" && m[2] === "/line_items")
        return { object: "list", data: session.line_items.data, has_more: false, url: `${path}` };
      if (method === "GET" && !m[2]) {
        refuseUnknown(body, "Checkout/Sessions", "Checkout.SessionRetrieveParams");
        return view(session, body, query);
      }
    }
    if (method === "POST" && path === "/v1/refunds") return createRefund(body);
    if (method === "POST" && path === "/v1/customers") return createCustomer(body);
    if (method === "POST" && path === "/v1/payment_intents") return createPaymentIntent(body);
    if (method === "GET" && (m = path.match(/^\/v1\/setup_intents\/([^/]+)$/))) {
      const intent = setupIntents.get(m[1]!);
      if (!intent) throw missing("setup_intent", m[1]!);
      return intent;
    }
    if (method === "GET" && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const pi = paymentIntents.get(m[1]!);
      if (!pi) throw missing("payment_intent", m[1]!);
      return pi;
    }
    throw new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    try {
      if (url.pathname.startsWith("/pay/")) return await payPage(req, res, url, raw);
      const key = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
      if (key !== secretKey)
        throw new StripeApiError(
          401,
          "invalid_request_error",
          key
            ? `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
            : "You did not provide an API key.",
        );
      const idemKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
      requests.push({ method: req.method ?? "GET", path: url.pathname, idempotencyKey: idemKey });
      const body = parseForm(req.method === "GET" ? url.search.slice(1) : raw);
      if (idemKey && req.method === "POST") {
        // Stripe compares the endpoint and the parameters, not the bytes
        const hash = createHash("sha256")
          .update(`${url.pathname}\n${canonical(body)}`)
          .digest("hex");
        const seen = idempotent.get(idemKey);
        if (seen) {
          if (seen.hash === hash && fake.dropAnswers > 0) {
            fake.dropAnswers--;
            req.socket.destroy();
            return;
          }
          if (seen.hash !== hash)
            throw new StripeApiError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            );
          res.writeHead(seen.status, {
            "content-type": "application/json",
            "idempotent-replayed": "true",
            "idempotency-key": idemKey,
          });
          res.end(seen.body);
          return;
        }
        let status = 200;
        let out: string;
        try {
          out = JSON.stringify(await route("POST", url.pathname, body, url.searchParams));
        } catch (err) {
          // a request refused by validation saves nothing; once the endpoint ran, its error (a card
          // decline too) is the answer stored under the key: the same key answers it again for 24 h
          if (!(err instanceof StripeApiError) || err.validation) throw err;
          status = err.status;
          out = JSON.stringify(envelope(err));
        }
        idempotent.set(idemKey, { hash, status, body: out });
        if (fake.dropAnswers > 0) {
          fake.dropAnswers--;
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { "content-type": "application/json", "idempotency-key": idemKey }).end(out);
        return;
      }
      const out = await route(req.method ?? "GET", url.pathname, body, url.searchParams);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
    } catch (err) {
      const e =
        err instanceof StripeApiError
          ? err
          : new StripeApiError(500, "api_error", err instanceof Error ? err.message : String(err));
      res
        .writeHead(e.status, { "content-type": "application/json", "request-id": newId("req") })
        .end(JSON.stringify(envelope(e)));
    }
  });

  async function payPage(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string) {
    const id = decodeURIComponent(url.pathname.slice("/pay/".length));
    const session = sessions.get(id);
    if (!session) {
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Checkout session not found</h1>");
      return;
    }
    if (req.method === "POST") {
      const action = new URLSearchParams(raw).get("action");
      await fake.pay(id, { fail: action === "fail" });
      const success = (session.success_url ?? "/").replace("{CHECKOUT_SESSION_ID}", id);
      res.writeHead(303, { location: success }).end();
      return;
    }
    const rows = session.line_items.data
      .map(
        (l) => `<tr><td>${escapeHtml(l.description)}</td><td>${money(l.amount_total, l.currency)}</td></tr>`,
      )
      .join("");
    const body =
      session.status === "open"
        ? `<form method="post"><button type="submit" name="action" value="pay">${session.mode === "setup" ? "Save card" : `Pay ${money(session.amount_total, session.currency)}`}</button></form>
<p><a href="${escapeHtml(session.cancel_url ?? "/")}">Cancel</a></p>`
        : `<p>This checkout session is ${session.status}.</p>`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html><head><title>Checkout (local Stripe)</title></head><body>
<h1>${session.mode === "setup" ? "Save a card for Coldframe" : "Pay Coldframe"}</h1>
<table><thead><tr><th>Item</th><th>Amount</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><th>Total</th><th>${money(session.amount_total, session.currency)}</th></tr></tfoot></table>
${body}
</body></html>`);
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.apiUrl = apiUrl;
  return fake;
}

/** The session as Stripe returns it: line_items only when expanded. */
function view(session: FakeSession, body: Form, query: URLSearchParams): unknown {
  const expand = [...asArray(body.expand), ...query.getAll("expand[]")].map(String);
  const { line_items, ...rest } = session;
  return expand.includes("line_items")
    ? { ...rest, line_items: { object: "list", ...line_items, has_more: false } }
    : rest;
}

/** Stripe's error envelope */
function envelope(e: StripeApiError) {
  return {
    error: {
      type: e.type,
      message: e.message,
      ...(e.code
        ? { code: e.code, doc_url: `https://stripe.com/docs/error-codes/${e.code.replace(/_/g, "-")}` }
        : {}),
      ...(e.param ? { param: e.param } : {}),
      ...e.extra,
    },
  };
}

const missing = (type: string, id: string) =>
  new StripeApiError(404, "invalid_request_error", `No such ${type}: '${id}'`, "resource_missing", "id");

type Form = { [key: string]: string | Form | Form[] | string[] | undefined };

/** Stripe's form encoding: `a[b][0][c]=v`, `expand[]=x`; numeric keys become arrays. */
export function parseForm(raw: string): Form {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const k = part === "" ? String(Object.keys(node).length) : part;
      if (last) node[k] = value;
      else node = (node[k] ??= {}) as Record<string, unknown>;
    });
  }
  return toArrays(root) as Form;
}

function toArrays(node: unknown): unknown {
  if (typeof node !== "object" || node === null) return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const converted = Object.fromEntries(keys.map((k) => [k, toArrays(obj[k])]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)))
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]);
  return converted;
}

function asArray(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined) return [];
  return [v];
}

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
