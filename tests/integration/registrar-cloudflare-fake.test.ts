import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloudflareDns, startFakeCloudflareDns } from "./fakes/cloudflare-dns";
import { type FakeCloudflareRegistrar, startFakeCloudflareRegistrar } from "./fakes/cloudflare-registrar";

/**
 * The fake Cloudflare Registrar refuses what the real one refuses: one test per rule, each sending a
 * wrong request over raw HTTP and reading Cloudflare's error envelope back. The product's own
 * requests are tested against these rules in registrar-cloudflare-adapter.test.ts.
 */

let cf: FakeCloudflareRegistrar;
let dns: FakeCloudflareDns;

beforeAll(async () => {
  dns = await startFakeCloudflareDns();
  cf = await startFakeCloudflareRegistrar({ dns });
});
afterAll(async () => {
  await Promise.all([cf?.close(), dns?.close()]);
});

const uid = () => Math.random().toString(36).slice(2, 8);

const contact = {
  email: "ada@example.test",
  phone: "+44.2071234567",
  postal_info: {
    name: "Ada Lovelace",
    address: {
      street: "1 Engine Street",
      city: "London",
      state: "LND",
      postal_code: "N1 1AA",
      country_code: "GB",
    },
  },
};

async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  prefix = "registrar",
) {
  const res = await fetch(`${cf.baseUrl}/accounts/${cf.accountId}/${prefix}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${cf.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Cloudflare's error envelope with one error of `code` saying `message` (at `pointer`, when given) */
const refusal = (code: number, message: string, pointer?: string) => ({
  success: false,
  errors: [pointer ? { code, message, source: { pointer } } : { code, message }],
  messages: [],
  result: null,
});

const register = (
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  prefix = "registrar",
) => api("POST", "registrations", body, headers, prefix);

describe("the fake Cloudflare Registrar refuses what Cloudflare refuses", () => {
  it("an unknown body field on a registration: 400 with the error envelope and the field's pointer", async () => {
    const r = await register({
      domain_name: `a${uid()}.com`,
      contacts: { registrant: contact },
      nameservers: ["ns1.x.test"],
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(refusal(1004, "nameservers: unknown field", "/nameservers"));
  });

  it("an unknown field inside a contact (first and last names are one `name`)", async () => {
    const r = await register({
      domain_name: `a${uid()}.com`,
      contacts: { registrant: { ...contact, postal_info: { ...contact.postal_info, first_name: "Ada" } } },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      refusal(
        1004,
        "contacts.registrant.postal_info.first_name: unknown field",
        "/contacts/registrant/postal_info/first_name",
      ),
    );
  });

  it("an unknown field on domain-check, on a registration edit and an unknown query parameter on the list", async () => {
    const check = await api("POST", "domain-check", { domains: [`a${uid()}.com`], currency: "EUR" });
    expect(check.status).toBe(400);
    expect(check.body).toEqual(refusal(1004, "currency: unknown field", "/currency"));

    const name = `edit${uid()}.com`;
    expect((await register({ domain_name: name, contacts: { registrant: contact } })).status).toBe(201);
    const edit = await api("PATCH", `registrations/${name}`, { auto_renew: true, locked: false });
    expect(edit.status).toBe(400);
    expect(edit.body).toEqual(refusal(1004, "locked: unknown field", "/locked"));
    const typed = await api("PATCH", `registrations/${name}`, { auto_renew: "yes" });
    expect(typed.body).toEqual(refusal(1004, "auto_renew: must be a boolean", "/auto_renew"));

    const list = await api("GET", "registrations?page=2");
    expect(list.status).toBe(400);
    expect(list.body).toEqual(refusal(1004, "page: unknown query parameter"));
  });

  it("a missing required field: domain_name, a contact's phone, an address's country", async () => {
    const noName = await register({ years: 1 });
    expect(noName.body).toEqual(refusal(1004, "domain_name: a domain name is required", "/domain_name"));
    const { phone: _, ...noPhone } = contact;
    const r = await register({ domain_name: `a${uid()}.com`, contacts: { registrant: noPhone } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(
      refusal(1004, "contacts.registrant.phone: is required", "/contacts/registrant/phone"),
    );
    const { country_code: __, ...noCountry } = contact.postal_info.address;
    const r2 = await register({
      domain_name: `a${uid()}.com`,
      contacts: { registrant: { ...contact, postal_info: { ...contact.postal_info, address: noCountry } } },
    });
    expect(r2.body).toEqual(
      refusal(
        1004,
        "contacts.registrant.postal_info.address.country_code: is required",
        "/contacts/registrant/postal_info/address/country_code",
      ),
    );
  });

  it("wrong types and formats: years as a string, auto_renew as text, a phone not in +CC.NUMBER form", async () => {
    const years = await register({ domain_name: `a${uid()}.com`, years: "1" });
    expect(years.body).toEqual(refusal(1004, "years: must be an integer", "/years"));
    const renew = await register({ domain_name: `a${uid()}.com`, auto_renew: "true" });
    expect(renew.body).toEqual(refusal(1004, "auto_renew: must be a boolean", "/auto_renew"));
    const phone = await register({
      domain_name: `a${uid()}.com`,
      contacts: { registrant: { ...contact, phone: "+44 20 7123 4567" } },
    });
    expect(phone.status).toBe(400);
    expect(phone.body.errors[0]).toMatchObject({
      code: 1004,
      source: { pointer: "/contacts/registrant/phone" },
    });
    expect(phone.body.errors[0].message).toMatch(/^contacts\.registrant\.phone: does not match/);
  });

  it("years outside the TLD's range: .ai needs at least 2, .com at most 10", async () => {
    const ai = await register({ domain_name: `a${uid()}.ai`, years: 1, contacts: { registrant: contact } });
    expect(ai.status).toBe(400);
    expect(ai.body).toEqual(refusal(1004, "years: must be at least 2", "/years"));
    const com = await register({
      domain_name: `a${uid()}.com`,
      years: 11,
      contacts: { registrant: contact },
    });
    expect(com.body).toEqual(refusal(1004, "years: must be at most 10", "/years"));
    const ok = await register({ domain_name: `a${uid()}.ai`, years: 2, contacts: { registrant: contact } });
    expect(ok.status).toBe(201);
  });

  it("missing required contact extensions for .us, .ca and .uk; a value outside the options", async () => {
    for (const tld of ["us", "ca", "co.uk", "uk"]) {
      const r = await register({ domain_name: `a${uid()}.${tld}`, contacts: { registrant: contact } });
      expect(r.status, tld).toBe(400);
      expect(r.body, tld).toEqual(refusal(1004, "contact_extensions: is required", "/contact_extensions"));
    }
    const half = await register({
      domain_name: `a${uid()}.us`,
      contacts: { registrant: contact },
      contact_extensions: { us_nexus_category: "C11" },
    });
    expect(half.body).toEqual(
      refusal(1004, "contact_extensions.us_app_purpose: is required", "/contact_extensions/us_app_purpose"),
    );
    const wrong = await register({
      domain_name: `a${uid()}.ca`,
      contacts: { registrant: contact },
      contact_extensions: { ca_legal_type: "XYZ" },
    });
    expect(wrong.body).toEqual(
      refusal(
        1004,
        "contact_extensions.ca_legal_type: must be one of CCT, RES, CCO, ASS, TRD, GOV",
        "/contact_extensions/ca_legal_type",
      ),
    );
    const ok = await register({
      domain_name: `a${uid()}.us`,
      contacts: { registrant: contact },
      contact_extensions: { us_nexus_category: "C11", us_app_purpose: "P1" },
    });
    expect(ok.status).toBe(201);
  });

  it("contact extensions on a TLD whose schema has none", async () => {
    const r = await register({
      domain_name: `a${uid()}.com`,
      contacts: { registrant: contact },
      contact_extensions: { us_nexus_category: "C11" },
    });
    expect(r.body).toEqual(refusal(1004, "contact_extensions: unknown field", "/contact_extensions"));
  });

  it("contact roles the TLD does not accept: .uk takes only a registrant, .ca no billing contact", async () => {
    const uk = await register({
      domain_name: `a${uid()}.co.uk`,
      contacts: { registrant: contact, administrator: contact },
      contact_extensions: { uk_registrant_type: "IND" },
    });
    expect(uk.body).toEqual(
      refusal(1004, "contacts.administrator: unknown field", "/contacts/administrator"),
    );
    const ca = await register({
      domain_name: `a${uid()}.ca`,
      contacts: { registrant: contact, administrator: contact, technical: contact, billing: contact },
      contact_extensions: { ca_legal_type: "CCT" },
    });
    expect(ca.body).toEqual(refusal(1004, "contacts.billing: unknown field", "/contacts/billing"));
  });

  it("the ended /registrar/domains routes answer 410 Gone and are recorded", async () => {
    const name = `old${uid()}.com`;
    expect((await register({ domain_name: name, contacts: { registrant: contact } })).status).toBe(201);
    const before = cf.deprecatedCalls.length;
    const gone = refusal(
      1001,
      "This endpoint reached its end of life in September 2026. Use /registrar/registrations instead.",
    );
    for (const [method, path, body] of [
      ["GET", `domains/${name}`, undefined],
      ["PUT", `domains/${name}`, { auto_renew: true }],
      ["GET", "domains", undefined],
    ] as const) {
      const r = await api(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(410);
      expect(r.body).toEqual(gone);
    }
    expect(cf.deprecatedCalls.slice(before).map((c) => c.method)).toEqual(["GET", "PUT", "GET"]);
  });

  it("serves the extension schemas (list and get) with an ETag, 304 on If-None-Match, 404 for API-refused TLDs", async () => {
    const list = await api("GET", "extensions?per_page=50");
    expect(list.status).toBe(200);
    expect(list.body.result.map((e: { metadata: { name: string } }) => e.metadata.name)).toEqual([
      "ai",
      "ca",
      "co.uk",
      "com",
      "io",
      "net",
      "uk",
      "us",
    ]);
    const ai = await api("GET", "extensions/ai");
    expect(ai.body.result.metadata).toEqual({ name: "ai", tld: "ai" });
    expect(ai.body.result.registration_schema.properties.years).toEqual({
      type: "integer",
      minimum: 2,
      maximum: 10,
    });
    expect((await api("GET", "extensions/co.uk")).body.result.metadata).toEqual({ name: "co.uk", tld: "uk" });
    const etag = ai.headers.get("etag") ?? "";
    expect(etag).toMatch(/^".+"$/);
    const again = await api("GET", "extensions/ai", undefined, { "if-none-match": etag });
    expect(again.status).toBe(304);
    const lol = await api("GET", "extensions/lol");
    expect(lol.status).toBe(404);
  });

  it("Prefer: respond-async answers 202 at once with Preference-Applied; the workflow finishes when polled", async () => {
    const name = `async${uid()}.com`;
    const r = await register(
      { domain_name: name, contacts: { registrant: contact } },
      { prefer: "respond-async" },
    );
    expect(r.status).toBe(202);
    expect(r.headers.get("preference-applied")).toBe("respond-async");
    expect(r.body.result).toMatchObject({ state: "pending", completed: false });
    expect(cf.registered.has(name)).toBe(false);
    const pending = await api("GET", `registrations/${name}`);
    expect(pending.body.result).toMatchObject({
      domain_name: name,
      status: "registration_pending",
      expires_at: null,
    });
    const polled = await api("GET", `registrations/${name}/registration-status`);
    expect(polled.body.result).toMatchObject({ state: "succeeded", completed: true });
    expect((await api("GET", `registrations/${name}`)).body.result).toMatchObject({ status: "active" });
  });

  it("a production registration creates a Cloudflare zone; the sandbox's does not", async () => {
    const live = `zone${uid()}.com`;
    const sandbox = `nozone${uid()}.com`;
    expect((await register({ domain_name: live, contacts: { registrant: contact } })).status).toBe(201);
    expect(
      (await register({ domain_name: sandbox, contacts: { registrant: contact } }, {}, "registrar-sandbox"))
        .status,
    ).toBe(201);
    expect(cf.registered.has(sandbox)).toBe(true);
    expect(cf.zonesCreated).toContain(live);
    expect(cf.zonesCreated).not.toContain(sandbox);
    const zoneNames = [...dns.zones.values()].map((z) => z.name);
    expect(zoneNames).toContain(live);
    expect(zoneNames).not.toContain(sandbox);
  });

  it("the sandbox validates alike: an unknown field and a short .ai term are refused there too", async () => {
    const r = await register(
      { domain_name: `s${uid()}.ai`, years: 1, contacts: { registrant: contact } },
      {},
      "registrar-sandbox",
    );
    expect(r.body).toEqual(refusal(1004, "years: must be at least 2", "/years"));
    const x = await register(
      { domain_name: `s${uid()}.com`, contacts: { registrant: contact }, tld: "com" },
      {},
      "registrar-sandbox",
    );
    expect(x.body).toEqual(refusal(1004, "tld: unknown field", "/tld"));
  });

  it("caps an account at 100 registrations: the 101st is refused before any workflow starts", async () => {
    const capped = await startFakeCloudflareRegistrar();
    try {
      const post = (name: string) =>
        fetch(`${capped.baseUrl}/accounts/${capped.accountId}/registrar/registrations`, {
          method: "POST",
          headers: { authorization: `Bearer ${capped.token}`, "content-type": "application/json" },
          body: JSON.stringify({ domain_name: name, contacts: { registrant: contact } }),
        });
      for (let i = 0; i < 100; i++) expect((await post(`cap${i}.com`)).status).toBe(201);
      const r = await post("cap100.com");
      expect(r.status).toBe(403);
      expect(await r.json()).toEqual(
        refusal(1010, "account_domain_limit_reached: this account already holds the maximum of 100 domains"),
      );
      expect(capped.registered.size).toBe(100);
      expect(capped.registered.has("cap100.com")).toBe(false);
    } finally {
      await capped.close();
    }
  });
});
