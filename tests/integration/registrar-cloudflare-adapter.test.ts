import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cloudflareRegistrar, resetCloudflareTldRulesCache } from "../../src/lib/registrars/cloudflare";
import { type RegisterRequest, RegistrarError } from "../../src/lib/registrars/types";
import { type FakeCloudflareRegistrar, startFakeCloudflareRegistrar } from "./fakes/cloudflare-registrar";

/**
 * The Cloudflare adapter's requests against the strict fake (registrar-cloudflare-fake.test.ts shows
 * what it refuses): TLD terms and contact extensions, contact roles, a lost answer found again, and
 * never the ended /registrar/domains routes.
 */

let cf: FakeCloudflareRegistrar;

beforeAll(async () => {
  cf = await startFakeCloudflareRegistrar();
});
afterAll(async () => {
  await cf?.close();
});
afterEach(() => {
  // the ended routes answer 410 in production: no adapter call may reach them; and no request the
  // adapter sent may have been refused as malformed (emptied, so one test's failure stays its own)
  const deprecated = cf.deprecatedCalls.splice(0);
  const refused = cf.refusals.splice(0);
  expect(deprecated).toEqual([]);
  expect(refused).toEqual([]);
});

const uid = () => Math.random().toString(36).slice(2, 8);

const adapter = (extra: Partial<Parameters<typeof cloudflareRegistrar>[0]> = {}) =>
  cloudflareRegistrar({
    apiToken: cf.token,
    accountId: cf.accountId,
    baseUrl: cf.baseUrl,
    pollIntervalMs: 20,
    ...extra,
  });

const request = (name: string, extra: Partial<RegisterRequest> = {}): RegisterRequest => ({
  name,
  years: 1,
  contact: {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.test",
    phone: "+44 20 7123 4567",
    address1: "1 Engine Street",
    address2: "Flat 2",
    city: "London",
    state: "LND",
    postalCode: "N1 1AA",
    country: "gb",
  },
  privacy: true,
  autoRenew: false,
  idempotencyKey: `item-${name}`,
  ...extra,
});

async function registrarError(p: Promise<unknown>): Promise<RegistrarError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RegistrarError);
    return err as RegistrarError;
  }
  throw new Error("expected a RegistrarError, but the call succeeded");
}

const lastBody = (name: string) => cf.registerRequests.findLast((r) => r.domain === name);

describe("Cloudflare adapter against the strict fake", () => {
  it("registers .ai for 2 years; refuses 1 year before sending anything", async () => {
    const name = `brand${uid()}.ai`;
    const short = await registrarError(adapter().register(request(name, { years: 1 })));
    expect(short.code).toBe("rejected");
    expect(short.message).toBe(`Cloudflare would refuse ${name}: .ai is registered for 2 to 10 years, not 1`);
    expect(cf.registerCalls).not.toContain(name);

    const result = await adapter().register(request(name, { years: 2 }));
    expect(result).toMatchObject({ state: "succeeded", domain: { name, ours: true, status: "active" } });
    expect(lastBody(name)?.body.years).toBe(2);
    const held = cf.registered.get(name);
    expect(held && held.expiresAt.getUTCFullYear() - held.createdAt.getUTCFullYear()).toBe(2);
  });

  it("registers .us with its nexus fields, sends Prefer: respond-async, the phone as +CC.NUMBER and all four roles", async () => {
    const name = `shop${uid()}.us`;
    const missing = await registrarError(adapter().register(request(name)));
    expect(missing.message).toBe(
      `Cloudflare would refuse ${name}: .us needs "Nexus category" (us_nexus_category)`,
    );

    const result = await adapter().register(
      request(name, {
        contactExtensions: { us_nexus_category: "C11", us_app_purpose: "P1", unrelated: "x" },
      }),
    );
    expect(result.state).toBe("succeeded");
    const sent = lastBody(name);
    expect(sent?.prefer).toBe("respond-async");
    const person = {
      email: "ada@example.test",
      phone: "+44.2071234567",
      postal_info: {
        name: "Ada Lovelace",
        address: {
          street: "1 Engine Street, Flat 2",
          city: "London",
          state: "LND",
          postal_code: "N1 1AA",
          country_code: "GB",
        },
      },
    };
    expect(sent?.body).toEqual({
      domain_name: name,
      years: 1,
      auto_renew: false,
      privacy_mode: "redaction",
      contacts: { registrant: person, administrator: person, technical: person, billing: person },
      contact_extensions: { us_nexus_category: "C11", us_app_purpose: "P1" },
    });
  });

  it("sends only the roles a TLD accepts: a registrant alone for .co.uk, no billing contact for .ca", async () => {
    const uk = `tea${uid()}.co.uk`;
    await adapter().register(request(uk, { contactExtensions: { uk_registrant_type: "IND" } }));
    expect(Object.keys(lastBody(uk)?.body.contacts as object)).toEqual(["registrant"]);
    expect(lastBody(uk)?.body.contact_extensions).toEqual({ uk_registrant_type: "IND" });

    const ca = `maple${uid()}.ca`;
    await adapter().register(request(ca, { contactExtensions: { ca_legal_type: "CCT" } }));
    expect(Object.keys(lastBody(ca)?.body.contacts as object)).toEqual([
      "registrant",
      "administrator",
      "technical",
    ]);
    expect(cf.registered.has(uk) && cf.registered.has(ca)).toBe(true);
  });

  it("finds a registration whose answer was lost: the connection cut after Cloudflare bought it says succeeded", async () => {
    const name = `lost${uid()}.com`;
    cf.dropNextRegisterAnswer();
    const cut = await registrarError(adapter().register(request(name)));
    expect(cut.code).toBe("transient");
    expect(cf.registered.has(name)).toBe(true);

    const found = await adapter().findRegistration(name);
    expect(found).toMatchObject({ state: "succeeded", domain: { name, ours: true, status: "active" } });
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
  });

  it("finds a registration answered 202 and still running as pending, then succeeded once Cloudflare finishes", async () => {
    cf.pollsUntilDone = 2;
    try {
      const name = `slow${uid()}.net`;
      expect(await adapter({ pollTimeoutMs: 0 }).register(request(name))).toEqual({
        state: "pending",
        operationId: name,
      });
      // the registration resource exists, not held yet: getDomain says not ours
      expect(await adapter().getDomain(name)).toMatchObject({
        name,
        ours: false,
        status: "registration_pending",
      });
      expect(await adapter().findRegistration(name)).toEqual({ state: "pending", operationId: name });
      expect(await adapter().findRegistration(name)).toMatchObject({
        state: "succeeded",
        domain: { name, ours: true },
      });
      expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
    } finally {
      cf.pollsUntilDone = 1;
    }
  });

  it("findRegistration: null when the account has none, action_required when Cloudflare waits, a failed one throws", async () => {
    expect(await adapter().findRegistration(`nobody${uid()}.com`)).toBeNull();

    const verify = `verify${uid()}.com`;
    cf.actionRequired.add(verify);
    expect((await adapter().register(request(verify))).state).toBe("action_required");
    expect(await adapter().findRegistration(verify)).toMatchObject({
      state: "action_required",
      operationId: verify,
      reason: `Cloudflare needs action on the account before ${verify} can be registered: verify_registrant_email`,
    });

    const taken = `taken${uid()}.com`;
    cf.taken.add(taken);
    expect((await registrarError(adapter().register(request(taken)))).code).toBe("taken");
    const failed = await registrarError(adapter().findRegistration(taken));
    expect(failed.code).toBe("taken");
  });

  it("getDomain reads registrations.get: ours for this account's domain, null otherwise, never the ended routes", async () => {
    const name = `mine${uid()}.io`;
    await adapter().register(request(name));
    const from = cf.requests.length;
    const domain = await adapter().getDomain(name);
    expect(domain).toEqual({
      name,
      ours: true,
      status: "active",
      nameservers: [],
      createdAt: cf.registered.get(name)?.createdAt,
      expiresAt: cf.registered.get(name)?.expiresAt,
    });
    expect(await adapter().getDomain(`other${uid()}.io`)).toBeNull();
    expect(cf.requests.slice(from).map((r) => r.path)).toEqual([
      `/accounts/${cf.accountId}/registrar/registrations/${name}`,
      expect.stringMatching(new RegExp(`^/accounts/${cf.accountId}/registrar/registrations/other`)),
    ]);
  });

  it("turns a 410 Gone into a clear not_supported error naming the ended endpoint", async () => {
    const gone = http.createServer((_req, res) => {
      res.writeHead(410, { "content-type": "application/json" }).end(
        JSON.stringify({
          success: false,
          errors: [{ code: 1001, message: "This endpoint reached its end of life" }],
          messages: [],
          result: null,
        }),
      );
    });
    await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
    try {
      const port = (gone.address() as AddressInfo).port;
      const err = await registrarError(
        cloudflareRegistrar({
          apiToken: "t",
          accountId: cf.accountId,
          baseUrl: `http://127.0.0.1:${port}/client/v4`,
        }).getDomain("x.com"),
      );
      expect(err.code).toBe("not_supported");
      expect(err.options.status).toBe(410);
      expect(err.message).toBe(
        "Cloudflare has ended this API endpoint (410 Gone); this Coldframe version must be updated to Cloudflare's current Registrar API. Cloudflare: This endpoint reached its end of life",
      );
    } finally {
      await new Promise<void>((r) => gone.close(() => r()));
    }
  });

  it("cannot set nameservers (Cloudflare keeps its own) and says so without calling Cloudflare", async () => {
    const from = cf.requests.length;
    const err = await registrarError(
      adapter().setNameservers("any.com", ["ns1.coldframe.test", "ns2.coldframe.test"]),
    );
    expect(err.code).toBe("not_supported");
    expect(err.message).toBe(
      "Cloudflare Registrar keeps its own nameservers: any.com uses Cloudflare DNS and its nameservers cannot be changed",
    );
    expect(cf.requests.length).toBe(from);
    expect(adapter().capabilities).toEqual({
      setNameservers: false,
      createsDnsZone: true,
      maxDomainsPerAccount: 100,
    });
    expect(adapter({ sandbox: true }).capabilities.createsDnsZone).toBe(false);
  });

  it("turns auto-renew on and off with registrations.edit", async () => {
    const name = `renew${uid()}.com`;
    await adapter().register(request(name));
    expect(cf.registered.get(name)?.autoRenew).toBe(false);
    await adapter().setAutoRenew(name, true);
    expect(cf.registered.get(name)?.autoRenew).toBe(true);
    await adapter().setAutoRenew(name, false);
    expect(cf.registered.get(name)?.autoRenew).toBe(false);
  });

  it("counts the account's domains over every page, through a 429", async () => {
    const own = await startFakeCloudflareRegistrar();
    try {
      for (let i = 0; i < 73; i++) {
        const r = await fetch(`${own.baseUrl}/accounts/${own.accountId}/registrar/registrations`, {
          method: "POST",
          headers: { authorization: `Bearer ${own.token}`, "content-type": "application/json" },
          body: JSON.stringify({ domain_name: `count${i}.com` }),
        });
        expect(r.status).toBe(201);
      }
      const a = cloudflareRegistrar({ apiToken: own.token, accountId: own.accountId, baseUrl: own.baseUrl });
      expect(await a.countDomains()).toBe(73);
      own.rateLimitNext(1, 0);
      expect(await a.countDomains()).toBe(73);
      const lists = own.requests.filter(
        (r) => r.method === "GET" && r.path.endsWith("/registrar/registrations"),
      );
      expect(lists).toHaveLength(5); // two pages of 50, then a 429 and two pages again
    } finally {
      await own.close();
    }
  });

  it("says the account is full when Cloudflare refuses a registration past its domain cap", async () => {
    const full = await startFakeCloudflareRegistrar();
    full.maxRegistrations = 2;
    try {
      const a = cloudflareRegistrar({
        apiToken: full.token,
        accountId: full.accountId,
        baseUrl: full.baseUrl,
        pollIntervalMs: 20,
      });
      for (const n of ["one", "two"])
        expect((await a.register(request(`${n}${uid()}.com`))).state).toBe("succeeded");
      const name = `three${uid()}.com`;
      const err = await registrarError(a.register(request(name)));
      expect(err.code).toBe("rejected");
      expect(err.options.status).toBe(403);
      expect(err.message).toBe(
        "The Cloudflare account holds as many domains as Cloudflare allows one account; remove some there or use another account (Cloudflare: account_domain_limit_reached: this account already holds the maximum of 2 domains)",
      );
      expect(full.registered.has(name)).toBe(false);
      expect(await a.countDomains()).toBe(2);
    } finally {
      await full.close();
    }
  });

  it("reads each TLD's rules from the extension schemas, once an hour per process", async () => {
    resetCloudflareTldRulesCache();
    const from = cf.requests.length;
    const rules = await adapter().tldRules(["com", "ai", "us", "ca", "co.uk", "lol"]);
    const by = new Map(rules.map((r) => [r.tld, r]));
    expect(by.get("com")).toEqual({
      tld: "com",
      sellable: true,
      reason: null,
      minYears: 1,
      maxYears: 10,
      extensionFields: [],
      contactRoles: ["registrant", "administrator", "technical", "billing"],
    });
    expect(by.get("ai")).toMatchObject({ sellable: true, minYears: 2, maxYears: 10 });
    expect(by.get("us")?.extensionFields).toEqual([
      {
        key: "us_nexus_category",
        label: "Nexus category",
        required: true,
        help: "The registrant's tie to the United States",
        options: [
          { value: "C11", label: "US citizen" },
          { value: "C12", label: "US permanent resident" },
          { value: "C21", label: "US organisation" },
          { value: "C31", label: "Foreign entity with a bona fide US presence" },
          { value: "C32", label: "Foreign entity with a US office or property" },
        ],
      },
      {
        key: "us_app_purpose",
        label: "Purpose",
        required: true,
        help: "What the domain is used for",
        options: [
          { value: "P1", label: "Business for profit" },
          { value: "P2", label: "Non-profit" },
          { value: "P3", label: "Personal" },
          { value: "P4", label: "Education" },
          { value: "P5", label: "Government" },
        ],
      },
    ]);
    expect(by.get("ca")).toMatchObject({ contactRoles: ["registrant", "administrator", "technical"] });
    expect(by.get("ca")?.extensionFields.map((f) => [f.key, f.required])).toEqual([
      ["ca_legal_type", true],
      ["ca_language", false],
    ]);
    expect(by.get("co.uk")).toMatchObject({ contactRoles: ["registrant"] });
    expect(by.get("co.uk")?.extensionFields.find((f) => f.key === "uk_company_number")).toEqual({
      key: "uk_company_number",
      label: "Company number",
      required: false,
      pattern: "^[A-Z0-9]{8}$",
      help: "Companies House number, for UK companies",
    });
    expect(by.get("lol")).toMatchObject({
      sellable: false,
      reason: "Cloudflare sells .lol only in its dashboard, not through its API",
    });
    const asked = cf.requests.slice(from).map((r) => r.path.split("/").at(-1));
    expect(asked).toEqual(["com", "ai", "us", "ca", "co.uk"]); // .lol is known refused: not asked

    // cached: asked again, nothing goes out
    const again = cf.requests.length;
    await adapter().tldRules(["com", "ai", "us"]);
    expect(cf.requests.length).toBe(again);
  });

  it("asks again after the cache's lifetime with If-None-Match, keeps its rules on 304 and takes new ones on 200", async () => {
    resetCloudflareTldRulesCache();
    const a = adapter({ tldRulesTtlMs: 0 });
    const from = cf.requests.length;
    expect((await a.tldRules(["ai"]))[0]?.minYears).toBe(2);
    expect((await a.tldRules(["ai"]))[0]?.minYears).toBe(2); // 304: the cached rules
    const saved = cf.extensions.get("ai");
    cf.extensions.set("ai", {
      type: "object",
      properties: { years: { type: "integer", minimum: 3, maximum: 5 } },
    });
    try {
      expect((await a.tldRules(["ai"]))[0]).toMatchObject({ minYears: 3, maxYears: 5 });
    } finally {
      if (saved) cf.extensions.set("ai", saved);
      resetCloudflareTldRulesCache();
    }
    expect(cf.extensionAnswers.slice(-3)).toEqual([200, 304, 200]);
    expect(cf.requests.length - from).toBe(3);
  });

  it("marks a TLD missing from Cloudflare's extensions as not sold, with the reason", async () => {
    resetCloudflareTldRulesCache();
    cf.unsupportedTlds.add("zz");
    try {
      const [zz] = await adapter().tldRules(["zz"]);
      expect(zz).toMatchObject({
        tld: "zz",
        sellable: false,
        reason: "Cloudflare Registrar does not offer .zz through its API",
      });
      const err = await registrarError(adapter().register(request(`a${uid()}.zz`)));
      expect(err.code).toBe("unsupported_tld");
    } finally {
      cf.unsupportedTlds.delete("zz");
      resetCloudflareTldRulesCache();
    }
  });
});
