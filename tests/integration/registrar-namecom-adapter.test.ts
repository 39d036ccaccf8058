/**
 * The Name.com adapter against the strict local Name.com: TLD rules and minimum-term prices,
 * the requests a registration sends (term, tldRequirements, contact roles, E.164 phone, idempotency
 * key), a lost answer found again, and the account's domains.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { namecomRegistrar, resetNamecomTldCache } from "../../src/lib/registrars/namecom";
import { type RegisterRequest, RegistrarError } from "../../src/lib/registrars/types";
import { defaultNamecomPrice, type FakeNamecom, startFakeNamecom } from "./fakes/namecom";

let nc: FakeNamecom;
beforeAll(async () => {
  nc = await startFakeNamecom();
});
afterAll(async () => {
  await nc?.close();
});
beforeEach(() => resetNamecomTldCache());

const uid = () => Math.random().toString(36).slice(2, 8);
const adapter = (extra: Partial<Parameters<typeof namecomRegistrar>[0]> = {}) =>
  namecomRegistrar({ username: nc.username, token: nc.token, apiUrl: nc.apiUrl, ...extra });

const contact: RegisterRequest["contact"] = {
  firstName: "Ada",
  lastName: "Lovelace",
  organization: "Analytical Engines Ltd",
  email: "ada@example.test",
  phone: "+44 (0)20 7946 0958",
  address1: "1 Engine Street",
  city: "London",
  state: "LND",
  postalCode: "N1 1AA",
  country: "gb",
};
const request = (name: string, extra: Partial<RegisterRequest> = {}): RegisterRequest => ({
  name,
  years: 1,
  contact,
  privacy: true,
  autoRenew: false,
  idempotencyKey: crypto.randomUUID(),
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
type CreateBody = {
  domain: { domainName: string; contacts: Record<string, { phone: string; country: string }> };
  years: number;
  tldRequirements?: Record<string, string>;
};
const lastCreate = () => nc.createBodies.at(-1) as CreateBody;
const createsOf = (name: string) => nc.registerCalls.filter((n) => n === name).length;

describe("Name.com adapter: registration requests", () => {
  it("sends the phone as E.164, the contact in Name.com's shape, the term asked and the order item as X-Idempotency-Key", async () => {
    const name = `phone${uid()}.com`;
    const key = crypto.randomUUID();
    const result = await adapter().register(request(name, { idempotencyKey: key }));
    expect(result).toMatchObject({ state: "succeeded", domain: { name, ours: true } });
    const body = lastCreate();
    expect(body.domain.domainName).toBe(name);
    expect(body.years).toBe(1);
    expect(body.domain.contacts.registrant).toEqual({
      firstName: "Ada",
      lastName: "Lovelace",
      companyName: "Analytical Engines Ltd",
      address1: "1 Engine Street",
      city: "London",
      state: "LND",
      zip: "N1 1AA",
      country: "GB",
      email: "ada@example.test",
      phone: "+442079460958",
    });
    expect(Object.keys(body.domain.contacts).sort()).toEqual(["admin", "billing", "registrant", "tech"]);
    expect(
      nc.requests.filter((r) => r.method === "POST" && r.path === "/core/v1/domains").at(-1)?.idempotencyKey,
    ).toBe(key);
    expect(nc.registered.get(name)?.autorenew).toBe(false);
  });

  it("refuses a phone it cannot normalise before any call to Name.com", async () => {
    const before = nc.requests.length;
    const err = await registrarError(
      adapter().register(request(`nophone${uid()}.com`, { contact: { ...contact, phone: "020 7946 0958" } })),
    );
    expect(err.code).toBe("rejected");
    expect(err.message).toContain("the country code is missing");
    expect(nc.requests.length).toBe(before);
  });

  it("registers .ai for its two-year minimum, and refuses one year before calling", async () => {
    const [rules] = await adapter().tldRules(["ai"]);
    expect(rules).toMatchObject({ tld: "ai", sellable: true, minYears: 2, maxYears: 10 });
    const name = `two${uid()}.ai`;
    const short = await registrarError(adapter().register(request(name, { years: 1 })));
    expect(short.code).toBe("rejected");
    expect(short.message).toBe(".ai registers for 2, 4, 6, 8 or 10 years at Name.com, not 1");
    const odd = await registrarError(adapter().register(request(name, { years: 3 })));
    expect(odd.message).toBe(".ai registers for 2, 4, 6, 8 or 10 years at Name.com, not 3");
    expect(createsOf(name)).toBe(0);

    const result = await adapter().register(request(name, { years: 2 }));
    expect(lastCreate().years).toBe(2);
    if (result.state !== "succeeded") throw new Error(`expected succeeded, got ${result.state}`);
    const d = result.domain;
    expect(d.expiresAt!.getUTCFullYear() - d.createdAt!.getUTCFullYear()).toBe(2);
  });

  it("prices the minimum term: .ai's first term is two years, its renewal one year", async () => {
    const yearly = defaultNamecomPrice("ai");
    expect(await adapter().priceList(["ai", "com"])).toEqual([
      {
        tld: "ai",
        registrationCents: yearly.registration * 2,
        renewalCents: yearly.renewal,
        currency: "USD",
      },
      { tld: "com", registrationCents: 1299, renewalCents: 1499, currency: "USD" },
    ]);
  });

  it("reads .us's extra registrant fields, sends them as tldRequirements, and refuses without them before calling", async () => {
    const [us, ca, com] = await adapter().tldRules(["us", "ca", "com"]);
    expect(us?.sellable).toBe(true);
    expect(us?.extensionFields.map((f) => [f.key, f.label, f.required])).toEqual([
      ["usNexusCategory", "Nexus category", true],
      ["usAppPurpose", "Intended use", true],
    ]);
    expect(us?.extensionFields[0]?.options).toContainEqual({ value: "C11", label: "A US citizen" });
    // .ca: the legal type, and a notice to read and accept (never sent to Name.com)
    expect(ca?.extensionFields.map((f) => [f.key, f.required])).toEqual([
      ["caLegalType", true],
      ["notice:caPrivacyNotice", true],
    ]);
    expect(ca?.extensionFields[1]).toMatchObject({
      options: [{ value: "read", label: "I have read this notice" }],
      help: "CIRA publishes the registrant's name for organisations.",
    });
    expect(com?.extensionFields).toEqual([]);

    const name = `nexus${uid()}.us`;
    const missing = await registrarError(adapter().register(request(name)));
    expect(missing.message).toBe(".us needs: Nexus category, Intended use");
    const wrong = await registrarError(
      adapter().register(
        request(name, { contactExtensions: { usNexusCategory: "C99", usAppPurpose: "P1" } }),
      ),
    );
    expect(wrong.message).toContain('"C99" is not one of the choices for Nexus category');
    expect(createsOf(name)).toBe(0);

    const result = await adapter().register(
      request(name, { contactExtensions: { usNexusCategory: "C12", usAppPurpose: "P3", unrelated: "x" } }),
    );
    expect(result.state).toBe("succeeded");
    // only the keys .us asks for
    expect(lastCreate().tldRequirements).toEqual({ usNexusCategory: "C12", usAppPurpose: "P3" });
  });

  it("asks for .ca's notice to be read, and sends only the legal type", async () => {
    const name = `notice${uid()}.ca`;
    const unread = await registrarError(
      adapter().register(request(name, { contactExtensions: { caLegalType: "CCT" } })),
    );
    expect(unread.message).toBe(".ca needs: Registry notice");
    expect(createsOf(name)).toBe(0);
    await adapter().register(
      request(name, { contactExtensions: { caLegalType: "CCT", "notice:caPrivacyNotice": "read" } }),
    );
    expect(lastCreate().tldRequirements).toEqual({ caLegalType: "CCT" });
  });

  it("sends only the contact roles the TLD takes (.eu: registrant and tech), and checks the registrant's country", async () => {
    const [eu] = await adapter().tldRules(["eu"]);
    expect(eu?.contactRoles).toEqual(["registrant", "technical"]);
    const uk = `uk${uid()}.eu`;
    const british = await registrarError(adapter().register(request(uk)));
    expect(british.message).toContain(
      ".eu does not take a registrant contact with country GB (allowed: AT, BE,",
    );
    expect(createsOf(uk)).toBe(0);
    const irish = {
      ...contact,
      city: "Dublin",
      state: "D",
      postalCode: "D02 X285",
      country: "ie",
      phone: "+353 1 234 5678",
    };
    await adapter().register(request(`roles${uid()}.eu`, { contact: irish }));
    expect(Object.keys(lastCreate().domain.contacts).sort()).toEqual(["registrant", "tech"]);
    expect(lastCreate().tldRequirements).toBeUndefined();
  });

  it("replays the same order item's registration, and refuses a key reused for another name", async () => {
    const key = crypto.randomUUID();
    const name = `replay${uid()}.com`;
    const first = await adapter().register(request(name, { idempotencyKey: key }));
    const again = await adapter().register(request(name, { idempotencyKey: key }));
    expect(again).toEqual(first);
    expect(createsOf(name)).toBe(1);
    expect(nc.requests.filter((r) => r.idempotencyKey === key).map((r) => r.replay ?? false)).toEqual([
      false,
      true,
    ]);

    const other = `other${uid()}.com`;
    const err = await registrarError(adapter().register(request(other, { idempotencyKey: key })));
    expect(err.code).toBe("rejected");
    expect(err.message).toBe(
      `Name.com answered idempotency key ${key} with an earlier registration of ${name}, not ${other}`,
    );
    expect(nc.registered.has(other)).toBe(false);
  });

  it("finds the registration whose answer was lost, and a retry with the same key buys nothing more", async () => {
    const name = `lost${uid()}.com`;
    const key = crypto.randomUUID();
    expect(await adapter().findRegistration(name)).toBeNull();
    nc.failNextRegister("lost_answer");
    const lost = await registrarError(adapter().register(request(name, { idempotencyKey: key })));
    expect(lost.code).toBe("transient");
    expect(nc.registered.has(name)).toBe(true);

    const found = await adapter().findRegistration(name);
    expect(found).toMatchObject({ state: "succeeded", domain: { name, ours: true, status: "active" } });
    const retried = await adapter().register(request(name, { idempotencyKey: key }));
    expect(retried).toMatchObject({ state: "succeeded", domain: { name } });
    expect(createsOf(name)).toBe(1);
  });
});

describe("Name.com adapter: TLD rules", () => {
  it("says why a TLD is not sold: unsupported, dependent registrant fields, trademark claims", async () => {
    nc.unsupportedTlds.add("zz");
    nc.tlds.set("claims", {
      allowedYears: [1],
      requirements: {},
      contactRoles: null,
      claimsCheckRequired: ["registration"],
    });
    try {
      const [zz, fr, claims] = await adapter().tldRules(["zz", "fr", "claims"]);
      expect(zz).toMatchObject({ tld: "zz", sellable: false, reason: "Name.com does not sell .zz" });
      expect(fr).toMatchObject({
        sellable: false,
        reason: "Not sold yet: the registry asks for registrant details that depend on each other",
      });
      expect(claims).toMatchObject({
        sellable: false,
        reason: expect.stringContaining("trademark claims period"),
      });
      expect(await adapter().priceList(["zz", "fr", "claims", "com"])).toEqual([
        { tld: "com", registrationCents: 1299, renewalCents: 1499, currency: "USD" },
      ]);
      const err = await registrarError(adapter().register(request(`x${uid()}.fr`)));
      expect(err.code).toBe("unsupported_tld");
    } finally {
      nc.unsupportedTlds.delete("zz");
      nc.tlds.delete("claims");
    }
  });

  it("asks Name.com once per TLD per hour (cached per process)", async () => {
    const count = () => nc.requests.filter((r) => r.path.includes("/domaininfo/requirements/dev")).length;
    const before = count();
    await adapter().tldRules(["dev"]);
    await adapter().tldRules(["dev"]);
    await adapter().priceList(["dev"]);
    expect(count() - before).toBe(1);
    resetNamecomTldCache();
    await adapter().tldRules(["dev"]);
    expect(count() - before).toBe(2);
  });
});

describe("Name.com adapter: the account's domains", () => {
  it("knows a domain as ours only when the account holds it", async () => {
    const name = `ours${uid()}.com`;
    await adapter().register(request(name));
    expect(await adapter().getDomain(name)).toMatchObject({ name, ours: true });
    const someoneElses = `theirs${uid()}.com`;
    nc.taken.add(someoneElses);
    expect(await adapter().getDomain(someoneElses)).toBeNull();
    expect(await adapter().findRegistration(someoneElses)).toBeNull();
  });

  it("turns automatic renewal off and on (UpdateDomain)", async () => {
    const name = `renew${uid()}.com`;
    await adapter().register(request(name, { autoRenew: true }));
    await adapter().setAutoRenew(name, false);
    expect(nc.registered.get(name)?.autorenew).toBe(false);
    await adapter().setAutoRenew(name, true);
    expect(nc.registered.get(name)?.autorenew).toBe(true);
    expect(nc.requests.filter((r) => r.path === `/core/v1/domains/${name}`).map((r) => r.method)).toEqual([
      "PATCH",
      "PATCH",
    ]);
    expect((await registrarError(adapter().setAutoRenew(`nope${uid()}.com`, false))).options.status).toBe(
      404,
    );
  });

  it("counts the account's domains from the list's total", async () => {
    await adapter().register(request(`count${uid()}.com`));
    expect(await adapter().countDomains()).toBe(nc.registered.size);
    expect(nc.registered.size).toBeGreaterThan(1);
  });

  it("on the test host, refuses a username without -test before sending anything", async () => {
    const before = nc.requests.length;
    const err = await registrarError(
      namecomRegistrar({
        username: "coldframe",
        token: nc.token,
        apiUrl: "https://api.dev.name.com",
      }).verifyCredentials(),
    );
    expect(err.code).toBe("auth");
    expect(err.message).toContain('"-test" appended (coldframe-test)');
    expect(nc.requests.length).toBe(before);
  });
});
