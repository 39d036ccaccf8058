/**
 * The local Name.com refuses what Name.com's Core API refuses (one test per rule, each showing a
 * wrong request refused next to the right one accepted), so that the adapter's tests exercise the
 * requests the real API would take.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultNamecomPrice, type FakeNamecom, startFakeNamecom } from "./fakes/namecom";

let nc: FakeNamecom;
beforeAll(async () => {
  nc = await startFakeNamecom();
});
afterAll(async () => {
  await nc?.close();
});

const uid = () => Math.random().toString(36).slice(2, 8);
const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString("base64")}`;

type Answer = {
  status: number;
  body: { message?: string; details?: string } & Record<string, unknown>;
  headers: Headers;
};
async function call(
  method: string,
  path: string,
  body?: unknown,
  opts: { auth?: string | null; contentType?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  const auth = opts.auth === undefined ? basic(nc.username, nc.token) : opts.auth;
  if (auth) headers.authorization = auth;
  const contentType = opts.contentType === undefined ? "application/json" : opts.contentType;
  if (body !== undefined && contentType) headers["content-type"] = contentType;
  const res = await fetch(`${nc.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

const contact = {
  firstName: "Ada",
  lastName: "Lovelace",
  address1: "1 Engine Street",
  city: "London",
  state: "LND",
  zip: "N1 1AA",
  country: "GB",
  email: "ada@example.test",
  phone: "+442079460958",
};
const irish = {
  ...contact,
  city: "Dublin",
  state: "D",
  zip: "D02 X285",
  country: "IE",
  phone: "+35312345678",
};
const create = (name: string, extra: Record<string, unknown> = {}, domain: Record<string, unknown> = {}) => ({
  domain: { domainName: name, contacts: { registrant: contact }, ...domain },
  years: 1,
  ...extra,
});
/** A 400 in Name.com's error shape whose details contain `detail`. */
function expectBadRequest(a: Answer, detail: string | RegExp) {
  expect(a.status).toBe(400);
  expect(a.body.message).toBe("Bad Request");
  expect(a.body.details).toMatch(detail);
}

describe("the local Name.com refuses what Name.com refuses", () => {
  it("requires HTTP Basic with the username and token (401 Unauthenticated)", async () => {
    const none = await call("GET", "/core/v1/domains", undefined, { auth: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ message: "Unauthenticated" });
    const wrong = await call("GET", "/core/v1/domains", undefined, {
      auth: basic(nc.username, "not-the-token"),
    });
    expect(wrong.status).toBe(401);
    expect((await call("GET", "/core/v1/domains")).status).toBe(200);
  });

  it("as the test host, knows the account only as <username>-test", async () => {
    expect(nc.username).toMatch(/-test$/);
    const bare = await call("GET", "/core/v1/domains", undefined, {
      auth: basic(nc.username.replace(/-test$/, ""), nc.token),
    });
    expect(bare.status).toBe(401);
    expect(bare.body.details).toContain('"-test"');
  });

  it("refuses a POST or PATCH without Content-Type: application/json (415)", async () => {
    const name = `ct${uid()}.com`;
    const plain = await call("POST", "/core/v1/domains", JSON.stringify(create(name)), {
      contentType: "text/plain",
    });
    expect(plain.status).toBe(415);
    expect(plain.body.message).toContain("Content-Type");
    const noBody = await call("POST", `/core/v1/domains/${name}:enableAutorenew`, undefined);
    expect(noBody.status).toBe(415);
    expect(nc.registered.has(name)).toBe(false);
  });

  it("refuses unknown fields anywhere in Create Domain with 400 { message, details }", async () => {
    const name = `unknown${uid()}.com`;
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name, { period: 1 })),
      "unknown field 'period'",
    );
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name, {}, { autoRenew: true })),
      "domain: unknown field 'autoRenew'",
    );
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(name, {}, { contacts: { registrant: { ...contact, org: "x" } } }),
      ),
      "domain.contacts.registrant: unknown field 'org'",
    );
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name, {}, { expireDate: "2030-01-01T00:00:00Z" })),
      "unknown field 'expireDate'",
    );
    expect(nc.registered.has(name)).toBe(false);
    expect((await call("POST", "/core/v1/domains", create(name))).status).toBe(200);
  });

  it("refuses unknown fields and query parameters on the other routes", async () => {
    expectBadRequest(
      await call("POST", "/core/v1/domains:checkAvailability", { domainNames: ["a.com"], years: 1 }),
      "unknown field 'years'",
    );
    expectBadRequest(await call("GET", `/core/v1/domains/x${uid()}.com:getPricing?period=1`), "'period'");
    expectBadRequest(await call("GET", "/core/v1/domains?limit=1"), "'limit'");
    const name = `patch${uid()}.com`;
    await call("POST", "/core/v1/domains", create(name));
    expectBadRequest(
      await call("PATCH", `/core/v1/domains/${name}`, { autoRenew: false }),
      "unknown field 'autoRenew'",
    );
    expectBadRequest(
      await call("POST", `/core/v1/domains/${name}:disableAutorenew`, { on: false }),
      "unknown field 'on'",
    );
    expectBadRequest(
      await call("POST", `/core/v1/domains/${name}:setNameservers`, { nameservers: ["ns1.x.test"], ttl: 60 }),
      "unknown field 'ttl'",
    );
  });

  it("refuses a request missing a required field", async () => {
    expectBadRequest(await call("POST", "/core/v1/domains", { years: 1 }), "'domain' is required");
    expectBadRequest(
      await call("POST", "/core/v1/domains", { domain: {} }),
      "'domain.domainName' is required",
    );
    const { phone: _phone, ...noPhone } = contact;
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(`req${uid()}.com`, {}, { contacts: { registrant: noPhone } }),
      ),
      "domain.contacts.registrant.phone: is required",
    );
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(`req${uid()}.com`, {}, { contacts: { registrant: { ...contact, state: "" } } }),
      ),
      "registrant.state: is required",
    );
    expectBadRequest(
      await call("POST", "/core/v1/domains:checkAvailability", { domainNames: [] }),
      "domainNames",
    );
    expectBadRequest(await call("PATCH", `/core/v1/domains/x${uid()}.com`, {}), "one of autorenewEnabled");
  });

  it("refuses a phone that is not E.164 (the dotted +CC.NNNN form included) and a lower-case country", async () => {
    const name = `phone${uid()}.com`;
    for (const phone of ["+44.2079460958", "+44 20 7946 0958", "02079460958", "+4420"]) {
      expectBadRequest(
        await call(
          "POST",
          "/core/v1/domains",
          create(name, {}, { contacts: { registrant: { ...contact, phone } } }),
        ),
        "registrant.phone: must match",
      );
    }
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(name, {}, { contacts: { registrant: { ...contact, country: "gb" } } }),
      ),
      "registrant.country",
    );
    expect(nc.registered.has(name)).toBe(false);
    expect((await call("POST", "/core/v1/domains", create(name))).status).toBe(200);
  });

  it("refuses a term the TLD does not allow: .ai below its two-year minimum", async () => {
    const name = `term${uid()}.ai`;
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name, { years: 1 })),
      "Invalid value for years",
    );
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name, { years: 11 })),
      "years: an integer from 1 to 10",
    );
    expectBadRequest(
      await call("GET", `/core/v1/domains/${name}:getPricing?years=1`),
      "Invalid value for years",
    );
    expect(nc.registered.has(name)).toBe(false);
    const ok = await call("POST", "/core/v1/domains", create(name, { years: 2 }));
    expect(ok.status).toBe(200);
    const d = ok.body.domain as { createDate: string; expireDate: string };
    expect(new Date(d.expireDate).getUTCFullYear() - new Date(d.createDate).getUTCFullYear()).toBe(2);
  });

  it("refuses .us and .ca without their registry's tldRequirements, with a value outside the options or an unknown key", async () => {
    const us = `nexus${uid()}.us`;
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(us)),
      "Missing required registration requirements for .us",
    );
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(us, { tldRequirements: { usNexusCategory: "C11" } })),
      "usAppPurpose",
    );
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(us, { tldRequirements: { usNexusCategory: "C99", usAppPurpose: "P1" } }),
      ),
      "'C99' is not one of the allowed options",
    );
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(us, {
          tldRequirements: { usNexusCategory: "C11", usAppPurpose: "P1", caLegalType: "CCT" },
        }),
      ),
      ".us does not take caLegalType",
    );
    const ca = `legal${uid()}.ca`;
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(ca)),
      "Missing required registration requirements for .ca",
    );
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(ca, { tldRequirements: { caLegalType: "CCT", caPrivacyNotice: "ok" } }),
      ),
      ".ca does not take caPrivacyNotice",
    );
    expect(nc.registered.has(us) || nc.registered.has(ca)).toBe(false);
    expect(
      (
        await call(
          "POST",
          "/core/v1/domains",
          create(us, { tldRequirements: { usNexusCategory: "C11", usAppPurpose: "P3" } }),
        )
      ).status,
    ).toBe(200);
    expect(
      (await call("POST", "/core/v1/domains", create(ca, { tldRequirements: { caLegalType: "CCT" } })))
        .status,
    ).toBe(200);
  });

  it("refuses contact roles the TLD does not take (.eu: registrant and tech only)", async () => {
    const name = `roles${uid()}.eu`;
    const contact = { ...irish };
    expectBadRequest(
      await call(
        "POST",
        "/core/v1/domains",
        create(name, {}, { contacts: { registrant: contact, admin: contact } }),
      ),
      ".eu takes no admin contact",
    );
    expect(
      (
        await call(
          "POST",
          "/core/v1/domains",
          create(name, {}, { contacts: { registrant: contact, tech: contact } }),
        )
      ).status,
    ).toBe(200);
  });

  it("refuses a contact value outside the TLD's choices (.eu: a registrant in the EU)", async () => {
    const name = `country${uid()}.eu`;
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name, {}, { contacts: { registrant: contact } })),
      "domain.contacts.registrant.country: .eu does not take 'GB'",
    );
    expect(nc.registered.has(name)).toBe(false);
    expect(
      (await call("POST", "/core/v1/domains", create(name, {}, { contacts: { registrant: irish } }))).status,
    ).toBe(200);
  });

  it("answers a reused X-Idempotency-Key with the original result for an hour (as documented), whatever the body", async () => {
    const key = crypto.randomUUID();
    const first = `idem${uid()}.com`;
    const second = `idem${uid()}.com`;
    const a = await call("POST", "/core/v1/domains", create(first), {
      headers: { "x-idempotency-key": key },
    });
    expect(a.status).toBe(200);
    expect(a.headers.get("x-idempotent-replay")).toBeNull();
    const again = await call("POST", "/core/v1/domains", create(first), {
      headers: { "x-idempotency-key": key },
    });
    expect(again.headers.get("x-idempotent-replay")).toBe("1");
    expect(again.body).toEqual(a.body);
    // another body under the same key: the first result again, and nothing bought
    const other = await call("POST", "/core/v1/domains", create(second), {
      headers: { "x-idempotency-key": key },
    });
    expect(other.headers.get("x-idempotent-replay")).toBe("1");
    expect((other.body.domain as { domainName: string }).domainName).toBe(first);
    expect(nc.registered.has(second)).toBe(false);
    expect(nc.registerCalls.filter((n) => n === first)).toHaveLength(1);
    // after the hour the key is new again
    nc.expireIdempotencyKeys();
    const later = await call("POST", "/core/v1/domains", create(second), {
      headers: { "x-idempotency-key": key },
    });
    expect(later.headers.get("x-idempotent-replay")).toBeNull();
    expect(nc.registered.has(second)).toBe(true);
  });

  it("does not remember a request it refused before executing it", async () => {
    const key = crypto.randomUUID();
    const name = `retry${uid()}.us`;
    expectBadRequest(
      await call("POST", "/core/v1/domains", create(name), { headers: { "x-idempotency-key": key } }),
      "Missing required",
    );
    const fixed = await call(
      "POST",
      "/core/v1/domains",
      create(name, { tldRequirements: { usNexusCategory: "C21", usAppPurpose: "P1" } }),
      {
        headers: { "x-idempotency-key": key },
      },
    );
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get("x-idempotent-replay")).toBeNull();
  });

  it("answers 422 'TLD not supported' for a TLD Name.com does not sell", async () => {
    nc.unsupportedTlds.add("zz");
    try {
      for (const a of [
        await call("POST", "/core/v1/domains", create(`x${uid()}.zz`)),
        await call("GET", `/core/v1/domains/x${uid()}.zz:getPricing`),
        await call("GET", "/core/v1/domaininfo/requirements/zz"),
        await call("POST", "/core/v1/domains:checkAvailability", { domainNames: [`x${uid()}.zz`] }),
      ]) {
        expect(a.status).toBe(422);
        expect(a.body).toMatchObject({ details: "TLD not supported" });
      }
      // in a batch with names it sells, the name is answered as not purchasable
      const mixed = await call("POST", "/core/v1/domains:checkAvailability", {
        domainNames: ["a.zz", `b${uid()}.com`],
      });
      expect(mixed.status).toBe(200);
      expect((mixed.body.results as { purchasable: boolean }[]).map((r) => r.purchasable)).toEqual([
        false,
        true,
      ]);
    } finally {
      nc.unsupportedTlds.delete("zz");
    }
  });

  it("prices the TLD's minimum term when getPricing has no years, and the whole term when it has", async () => {
    const yearly = defaultNamecomPrice("ai");
    const min = await call("GET", `/core/v1/domains/p${uid()}.ai:getPricing`);
    expect(min.status).toBe(200);
    expect(min.body).toMatchObject({ premium: false, purchasePrice: (yearly.registration * 2) / 100 });
    const four = await call("GET", `/core/v1/domains/p${uid()}.ai:getPricing?years=4`);
    expect(four.body.purchasePrice).toBe((yearly.registration * 4) / 100);
    expectBadRequest(
      await call("GET", `/core/v1/domains/p${uid()}.ai:getPricing?years=0`),
      "years: must be 1 to 10",
    );
  });

  it("answers 404 for a domain that is not in the account", async () => {
    const someoneElses = `taken${uid()}.com`;
    nc.taken.add(someoneElses);
    const a = await call("GET", `/core/v1/domains/${someoneElses}`);
    expect(a.status).toBe(404);
    expect(a.body).toMatchObject({ message: "Not Found" });
    expect(
      (await call("PATCH", `/core/v1/domains/${someoneElses}`, { autorenewEnabled: false })).status,
    ).toBe(404);
  });

  it("refuses a page size outside 1 to 1000", async () => {
    expectBadRequest(await call("GET", "/core/v1/domains?perPage=0"), "perPage: must be 1 to 1000");
    expectBadRequest(await call("GET", "/core/v1/domains?perPage=1001"), "perPage");
    expect((await call("GET", "/core/v1/domains?perPage=1000")).status).toBe(200);
  });
});
