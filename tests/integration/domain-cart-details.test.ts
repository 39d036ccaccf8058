import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloudflareRegistrar, startFakeCloudflareRegistrar } from "./fakes/cloudflare-registrar";
import { type FakeStripe, startFakeStripe } from "./fakes/stripe";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

// A .us name through the cart, against the local Cloudflare Registrar's registration schema for
// .us (the registry's nexus category and application purpose, both required, each a choice): the
// cart asks for them, checkout refuses the cart while one is missing, and takes it once both are
// given. The schema is the fake's own (tests/integration/fakes/cloudflare-extensions.ts), read
// by the Cloudflare adapter's tldRules as the app reads it.

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64url")}`;
const label = () => `details${randomBytes(5).toString("hex")}`;

type CartItem = {
  id: string;
  name: string;
  extensionFields: { key: string; label: string; required: boolean; options?: { value: string }[] }[];
  extensionValues: Record<string, string>;
  missingDetails: string[];
  needsDetails: boolean;
};
type ErrorBody = {
  error: { fields?: Record<string, string[]>; problems?: { about?: string; message: string }[] };
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
    DNS_PROVIDER: "none",
  });
  stripe.webhookUrl = `${app.url}/api/webhooks/stripe`;
});
afterAll(async () => {
  await app?.close();
  await Promise.all([cf?.close(), stripe?.close()]);
});

const patch = (client: HttpClient, id: string, body: unknown) =>
  client.request(`/api/v1/cart/${id}`, { method: "PATCH", json: body });

describe("a TLD that needs extra registrant details", () => {
  it("is asked in the cart, refused at checkout while missing, and checked out once given", async () => {
    const { client } = await signUp(app.url);
    const name = `${label()}.us`;

    const search = (await (await client.post("/api/v1/domains/search", { names: [name] })).json()) as {
      results: { name: string; available: boolean; extensionFields: { key: string }[] }[];
    };
    expect(search.results[0]).toMatchObject({ name, available: true });
    expect(search.results[0]!.extensionFields.map((f) => f.key)).toEqual([
      "us_nexus_category",
      "us_app_purpose",
    ]);

    const res = await client.post("/api/v1/cart", { name });
    expect(res.status, await res.clone().text()).toBe(201);
    const item = (await res.json()) as CartItem;
    expect(item.extensionFields.map((f) => [f.key, f.label, f.required])).toEqual([
      ["us_nexus_category", "Nexus category", true],
      ["us_app_purpose", "Purpose", true],
    ]);
    expect(item).toMatchObject({
      needsDetails: true,
      missingDetails: ["us_nexus_category", "us_app_purpose"],
    });

    // checkout refuses the cart while a required detail is missing, and says which
    const sessionsBefore = stripe.sessions.size;
    const refused = await client.post("/api/domains/checkout", {});
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorBody).error.problems).toEqual([
      { about: name, message: `${name} needs details before checkout: Nexus category, Purpose` },
    ]);
    expect(stripe.sessions.size).toBe(sessionsBefore);

    // a value the registry does not list is refused, field by field
    const bad = await patch(client, item.id, {
      extensionValues: { us_nexus_category: "C99", us_app_purpose: "P1" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as ErrorBody).error.fields ?? {})).toEqual([
      "extensionValues.us_nexus_category",
    ]);

    // one of the two: still refused, naming the other
    expect((await patch(client, item.id, { extensionValues: { us_nexus_category: "C21" } })).status).toBe(
      200,
    );
    const half = await client.post("/api/domains/checkout", {});
    expect(half.status).toBe(409);
    expect(((await half.json()) as ErrorBody).error.problems?.map((p) => p.message)).toEqual([
      `${name} needs details before checkout: Purpose`,
    ]);

    const given = await patch(client, item.id, {
      extensionValues: { us_nexus_category: "C21", us_app_purpose: "P1" },
    });
    expect(given.status).toBe(200);
    expect(await given.json()).toMatchObject({
      needsDetails: false,
      extensionValues: { us_nexus_category: "C21", us_app_purpose: "P1" },
    });
    const ok = await client.post("/api/domains/checkout", {});
    expect(ok.status, await ok.clone().text()).toBe(201);
  });
});
