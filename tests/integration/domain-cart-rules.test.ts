import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { cartItems } from "../../src/lib/db/schema";
import { OWN_NAMESERVERS_NOTE } from "../../src/lib/domains/cart-item-view";
import { money } from "../../src/lib/domains/money";
import { platformRegistrar } from "../../src/lib/registrars/platform-registrar";
import type { ExtensionField, TldRules } from "../../src/lib/registrars/types";
import {
  defaultPrice,
  type FakeCloudflareRegistrar,
  startFakeCloudflareRegistrar,
} from "./fakes/cloudflare-registrar";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

// The cart against the platform's Cloudflare Registrar (the local fake, through the SDK): each
// line priced for its TLD's minimum term as the registrar states it, the renewal per year beside
// it, the registry's extra registrant details asked and checked, the account's cap said in the cart.

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64url")}`;
// 10% then 50 cents a year, rounded up
const yearly = (cost: number) => Math.ceil((cost * 110) / 100) + 50;
/** the customer's price of a term: the first year at the registration price, then renewal years */
const termPrice = (tld: string, years: number) =>
  yearly(defaultPrice(tld).registration) + (years - 1) * yearly(defaultPrice(tld).renewal);
const termCost = (tld: string, years: number) =>
  defaultPrice(tld).registration + (years - 1) * defaultPrice(tld).renewal;
const label = () => `cart${randomBytes(5).toString("hex")}`;

/** fields as a registrar states them for .us (a choice and a pattern), quoted on a line */
const usFields: ExtensionField[] = [
  {
    key: "us_nexus",
    label: "Nexus category",
    required: true,
    options: [
      { value: "C11", label: "US citizen" },
      { value: "C21", label: "US organisation" },
    ],
  },
  { key: "us_purpose", label: "Purpose", required: true, pattern: "^P[1-5]$" },
  { key: "us_note", label: "Note", required: false },
];

type CartItem = {
  id: string;
  name: string;
  years: number;
  priceCents: number;
  renewalPriceCents: number | null;
  extensionFields: ExtensionField[];
  extensionValues: Record<string, string>;
  missingDetails: string[];
  needsDetails: boolean;
  dnsNote: string | null;
};
type Cart = {
  items: CartItem[];
  totalCents: number;
  renewalTotalCents: number | null;
  needsDetails: number;
  warnings: { message: string }[];
};
type ErrorBody = {
  error: { message: string; fields?: Record<string, string[]>; problems?: { message: string }[] };
};

let app: AppServer;
let cf: FakeCloudflareRegistrar;
let stripe: FakeStripe;

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
    DOMAIN_MARKUP_PERCENT: "10",
    DOMAIN_MARKUP_CENTS: "50",
    DOMAIN_SEARCH_TLDS: "com,ai",
    DNS_PROVIDER: "none",
  });
  stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
});
afterAll(async () => {
  await app?.close();
  await Promise.all([cf?.close(), stripe?.close()]);
});

/** what the registrar states for these TLDs, asked the way the app asks it */
async function rulesOf(tlds: string[]): Promise<Map<string, TldRules>> {
  const rules = await platformRegistrar("cloudflare")!.tldRules(tlds);
  return new Map(rules.map((r) => [r.tld, r]));
}

async function add(client: HttpClient, name: string): Promise<CartItem> {
  const res = await client.post("/api/v1/cart", { name });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CartItem;
}
const cartOf = async (client: HttpClient) => (await (await client.get("/api/v1/cart")).json()) as Cart;
const patch = (client: HttpClient, id: string, body: unknown) =>
  client.request(`/api/v1/cart/${id}`, { method: "PATCH", json: body });

describe("terms and renewal prices", () => {
  it("search shows the first term's price for the TLD's minimum term and the renewal per year, and the cart buys that term", async () => {
    const { client } = await signUp(app.url);
    const l = label();
    const rules = await rulesOf(["com", "ai"]);

    const search = (await (await client.post("/api/v1/domains/search", { names: [l] })).json()) as {
      results: {
        name: string;
        sellable: boolean;
        minYears: number;
        priceCents: number;
        renewalCents: number;
        extensionFields: ExtensionField[];
      }[];
    };
    for (const tld of ["com", "ai"]) {
      const r = rules.get(tld)!;
      const { renewal } = defaultPrice(tld);
      expect(search.results.find((x) => x.name === `${l}.${tld}`)).toMatchObject({
        sellable: true,
        minYears: r.minYears,
        priceCents: termPrice(tld, r.minYears),
        renewalCents: yearly(renewal),
        extensionFields: r.extensionFields,
      });
    }

    const ai = await add(client, `${l}.ai`);
    const com = await add(client, `${l}.com`);
    const aiRules = rules.get("ai")!;
    expect(ai).toMatchObject({
      years: aiRules.minYears,
      priceCents: termPrice("ai", aiRules.minYears),
      renewalPriceCents: yearly(defaultPrice("ai").renewal),
      extensionFields: aiRules.extensionFields,
      // Cloudflare Registrar keeps its own nameservers: every line bought there says so
      dnsNote: OWN_NAMESERVERS_NOTE,
    });
    expect(com).toMatchObject({ years: 1, priceCents: yearly(1044), renewalPriceCents: yearly(1044) });
    const [row] = await getDb().select().from(cartItems).where(eq(cartItems.id, ai.id));
    expect(row).toMatchObject({
      years: aiRules.minYears,
      costCents: termCost("ai", aiRules.minYears),
      renewalCostCents: defaultPrice("ai").renewal,
      registrarAccountId: null,
    });

    const cart = await cartOf(client);
    expect(cart).toMatchObject({
      totalCents: ai.priceCents + com.priceCents,
      renewalTotalCents: ai.renewalPriceCents! + com.renewalPriceCents!,
      needsDetails: 0,
      warnings: [],
    });
  });
});

describe("extra registrant details", () => {
  /** a line whose TLD stated these fields when it was added (the quote the cart keeps) */
  async function lineAsking(client: HttpClient, fields: ExtensionField[]) {
    const item = await add(client, `${label()}.com`);
    await getDb().update(cartItems).set({ extensionFields: fields }).where(eq(cartItems.id, item.id));
    return item;
  }

  it("a line needs details until its required fields are given; a PATCH names every wrong field", async () => {
    const { client } = await signUp(app.url);
    const other = await signUp(app.url);
    const item = await lineAsking(client, usFields);

    let cart = await cartOf(client);
    expect(cart.needsDetails).toBe(1);
    expect(cart.items[0]).toMatchObject({
      extensionFields: usFields,
      extensionValues: {},
      missingDetails: ["us_nexus", "us_purpose"],
      needsDetails: true,
    });

    // an option not listed, a value off the pattern, a key the TLD does not ask: each named
    const bad = await patch(client, item.id, {
      extensionValues: { us_nexus: "C99", us_purpose: "P9", other: "x" },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorBody;
    expect(body.error.fields).toEqual({
      "extensionValues.us_nexus": ["choose one of: US citizen, US organisation"],
      "extensionValues.us_purpose": ["Purpose is not in the form the registry asks for"],
      "extensionValues.other": ["not a detail .com asks for"],
    });
    expect(body.error.message).toContain("Nexus category: choose one of: US citizen, US organisation");
    // the body's own shape is checked before the fields
    expect((await patch(client, item.id, { extensionValues: "C11" })).status).toBe(400);
    expect((await patch(client, item.id, { extensionValues: {}, years: 3 })).status).toBe(400);
    // another workspace's line does not exist for it
    expect((await patch(other.client, item.id, { extensionValues: { us_nexus: "C11" } })).status).toBe(404);
    expect((await patch(client, "no-such-line", { extensionValues: {} })).status).toBe(404);

    // one required field given, the other blank: saved, still needs details
    const half = await patch(client, item.id, { extensionValues: { us_nexus: "C11", us_purpose: " " } });
    expect(half.status).toBe(200);
    expect(await half.json()).toMatchObject({
      extensionValues: { us_nexus: "C11" },
      missingDetails: ["us_purpose"],
      needsDetails: true,
    });

    const done = await patch(client, item.id, {
      extensionValues: { us_nexus: "C21", us_purpose: "P1", us_note: "" },
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      extensionValues: { us_nexus: "C21", us_purpose: "P1" },
      missingDetails: [],
      needsDetails: false,
    });
    cart = await cartOf(client);
    expect(cart.needsDetails).toBe(0);
    const [row] = await getDb().select().from(cartItems).where(eq(cartItems.id, item.id));
    expect(row!.extensionValues).toEqual({ us_nexus: "C21", us_purpose: "P1" });
  });

  it("adding a name again re-reads the registrar's fields and keeps only the values it still asks for", async () => {
    const { client } = await signUp(app.url);
    const item = await lineAsking(client, usFields);
    expect(
      (await patch(client, item.id, { extensionValues: { us_nexus: "C11", us_purpose: "P2" } })).status,
    ).toBe(200);
    const stated = (await rulesOf(["com"])).get("com")!.extensionFields;
    const again = await add(client, item.name);
    expect(again.id).toBe(item.id);
    expect(again.extensionFields).toEqual(stated);
    const kept = Object.fromEntries(
      Object.entries({ us_nexus: "C11", us_purpose: "P2" }).filter(([k]) => stated.some((f) => f.key === k)),
    );
    expect(again.extensionValues).toEqual(kept);
  });

  it("checkout re-reads the TLD's rules: a line quoted for another term or other fields is re-quoted and the customer told", async () => {
    const { client } = await signUp(app.url);
    const item = await add(client, `${label()}.com`);
    // quoted earlier for 3 years with details the registrar no longer asks for
    await getDb()
      .update(cartItems)
      .set({ years: 3, priceCents: yearly(1044) * 3, costCents: 1044 * 3, extensionFields: usFields })
      .where(eq(cartItems.id, item.id));
    const rules = (await rulesOf(["com"])).get("com")!;

    const res = await client.post("/api/domains/checkout", {});
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.problems?.map((p) => p.message)).toEqual([
      `the price of ${item.name} changed from ${money(yearly(1044) * 3, "usd")} to ${money(termPrice("com", rules.minYears), "usd")} (now a ${rules.minYears}-year term)`,
    ]);
    const [row] = await getDb().select().from(cartItems).where(eq(cartItems.id, item.id));
    expect(row).toMatchObject({
      years: rules.minYears,
      priceCents: termPrice("com", rules.minYears),
      costCents: termCost("com", rules.minYears),
      extensionFields: rules.extensionFields,
    });
    // nothing else changed: the second checkout goes through
    const second = await client.post("/api/domains/checkout", {});
    expect(second.status, await second.clone().text()).toBe(201);
  });
});

describe("the registrar account's domain cap", () => {
  it("the cart says so before checkout when its Cloudflare lines would pass the account's cap", async () => {
    const { client } = await signUp(app.url);
    const first = await add(client, `${label()}.com`);
    const second = await add(client, `${label()}.com`);
    expect((await cartOf(client)).warnings).toEqual([]);

    // the platform's account already holds 99 of its 100 domains
    const held: string[] = [];
    for (let i = 0; i < 99; i++) {
      const name = `held${i}-${label()}.com`;
      held.push(name);
      const now = new Date();
      cf.registered.set(name, {
        name,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 365 * 86_400_000),
        nameservers: [],
        // the fields a stricter fake keeps as well
        autoRenew: true,
        privacyMode: "redaction",
      } as never);
    }
    try {
      const cart = await cartOf(client);
      expect(cart.warnings).toEqual([
        {
          about: "cloudflare",
          message: `The platform's Cloudflare account holds 99 of at most 100 domains: only 1 more fit, and 2 domains in your cart are bought through it (${first.name}, ${second.name}). Remove 1 domain before checking out.`,
        },
      ]);
      expect((await client.request(`/api/v1/cart/${second.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await cartOf(client)).warnings).toEqual([]);
    } finally {
      for (const name of held) cf.registered.delete(name);
    }
  });
});
