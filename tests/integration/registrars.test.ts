import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { decryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import { domains, providerAccounts } from "../../src/lib/db/schema";
import { AppError } from "../../src/lib/errors";
import { cloudflareRegistrar } from "../../src/lib/registrars/cloudflare";
import { createProviderAccount } from "../../src/lib/registrars/create-provider-account";
import { getRegistrar } from "../../src/lib/registrars/get-registrar";
import { namecomRegistrar, resetNamecomTldCache } from "../../src/lib/registrars/namecom";
import { rdapLookup, rdapRegistrar, resetRdapBootstrapCache } from "../../src/lib/registrars/rdap";
import { searchRegistrars } from "../../src/lib/registrars/search-registrars";
import { type RegisterRequest, RegistrarError } from "../../src/lib/registrars/types";
import {
  defaultPrice,
  type FakeCloudflareRegistrar,
  startFakeCloudflareRegistrar,
} from "./fakes/cloudflare-registrar";
import { defaultNamecomPrice, type FakeNamecom, startFakeNamecom } from "./fakes/namecom";
import { type FakeRdap, startFakeRdap } from "./fakes/rdap";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, startDnsServer } from "./helpers/dns-server";
import { signUp } from "./helpers/users";

let cf: FakeCloudflareRegistrar;
let nc: FakeNamecom;
let rdap: FakeRdap;
let app: AppServer;

beforeAll(async () => {
  [cf, nc, rdap] = await Promise.all([startFakeCloudflareRegistrar(), startFakeNamecom(), startFakeRdap()]);
  app = await startAppServer({
    CLOUDFLARE_BASE_URL: cf.baseUrl,
    NAMECOM_API_URL: nc.apiUrl,
    RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
  });
});
afterAll(async () => {
  await Promise.all([cf?.close(), nc?.close(), rdap?.close(), app?.close()]);
});

const contact: RegisterRequest["contact"] = {
  firstName: "Ada",
  lastName: "Lovelace",
  organization: "Analytical Engines Ltd",
  email: "ada@example.test",
  phone: "+1.5555550100",
  address1: "1 Engine Street",
  city: "London",
  state: "LND",
  postalCode: "N1 1AA",
  country: "gb",
};
const registerRequest = (name: string, extra: Partial<RegisterRequest> = {}): RegisterRequest => ({
  name,
  years: 1,
  contact,
  privacy: true,
  idempotencyKey: `purchase-${name}`,
  ...extra,
});

/** The RegistrarError a promise rejects with (fails the test when it resolves or throws anything else). */
async function registrarError(p: Promise<unknown>): Promise<RegistrarError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RegistrarError);
    return err as RegistrarError;
  }
  throw new Error("expected a RegistrarError, but the call succeeded");
}

const uid = () => Math.random().toString(36).slice(2, 8);

describe("Cloudflare adapter (official SDK against the local Cloudflare API)", () => {
  const adapter = (extra: Partial<Parameters<typeof cloudflareRegistrar>[0]> = {}) =>
    cloudflareRegistrar({
      apiToken: cf.token,
      accountId: cf.accountId,
      baseUrl: cf.baseUrl,
      pollIntervalMs: 50,
      ...extra,
    });

  it("checks 45 names in three calls of at most 20, with prices in cents, premium and unsupported TLDs", async () => {
    const label = `bulk${uid()}`;
    const tlds = ["com", "net", "org", "io", "dev", "app", "xyz", "email", "info"];
    const names = Array.from({ length: 5 }, (_, i) => tlds.map((t) => `${label}${i}.${t}`)).flat();
    expect(names).toHaveLength(45);
    cf.taken.add(`${label}0.com`);
    cf.premium.set(`${label}1.io`, 250_000);
    cf.unsupportedTlds.add("xyz");
    cf.prices.set("dev", { registration: 1015, renewal: 1215 });
    const before = cf.checkCalls;
    try {
      const results = await adapter().check(names);
      expect(cf.checkCalls - before).toBe(3);
      expect(cf.checkBatches.slice(-3).map((b) => b.length)).toEqual([20, 20, 5]);
      expect(results.map((r) => r.name)).toEqual(names);

      const by = new Map(results.map((r) => [r.name, r]));
      expect(by.get(`${label}2.com`)).toMatchObject({
        available: true,
        premium: false,
        registrationCents: 1044,
        renewalCents: 1044,
        currency: "USD",
        registrar: "cloudflare",
        authoritative: true,
        reason: null,
      });
      expect(by.get(`${label}0.com`)).toMatchObject({ available: false, reason: "taken" });
      expect(by.get(`${label}1.io`)).toMatchObject({
        premium: true,
        reason: "premium",
        registrationCents: 250_000,
      });
      expect(by.get(`${label}3.xyz`)).toMatchObject({ available: false, reason: "unsupported_tld" });
      expect(by.get(`${label}3.dev`)).toMatchObject({ registrationCents: 1015, renewalCents: 1215 });
      expect(by.get(`${label}4.email`)?.registrationCents).toBe(defaultPrice("email").registration);
    } finally {
      cf.unsupportedTlds.delete("xyz");
      cf.prices.delete("dev");
    }
  });

  it("registers with Prefer: respond-async (202 at once), polls once, then knows the domain as ours", async () => {
    const name = `sync${uid()}.com`;
    const result = await adapter().register(registerRequest(name));
    expect(result.state).toBe("succeeded");
    if (result.state !== "succeeded") return;
    expect(result.domain).toMatchObject({ name, ours: true, status: "active" });
    expect(result.domain.createdAt).toBeInstanceOf(Date);
    expect(cf.registerCalls.at(-1)).toBe(name);
    expect(cf.registerRequests.at(-1)?.prefer).toBe("respond-async");
    expect(cf.registered.has(name)).toBe(true);
    const polls = cf.requests.filter((r) => r.path.endsWith(`/registrations/${name}/registration-status`));
    expect(polls).toHaveLength(1);

    const domain = await adapter().getDomain(name);
    // Cloudflare Registrar's nameservers are its zone's: the registration resource has none
    expect(domain).toMatchObject({ name, ours: true, status: "active", nameservers: [] });
    expect(domain?.expiresAt?.getTime()).toBe(cf.registered.get(name)?.expiresAt.getTime());
    expect(await adapter().getDomain(`not-ours-${uid()}.com`)).toBeNull();
    expect(cf.deprecatedCalls).toEqual([]);
  });

  it("keeps polling a slower workflow (202) until it succeeds, and registers only once", async () => {
    cf.pollsUntilDone = 2;
    try {
      const name = `async${uid()}.net`;
      const result = await adapter().register(registerRequest(name));
      expect(result).toMatchObject({ state: "succeeded", domain: { name, ours: true } });
      const polls = cf.requests.filter((r) => r.path.endsWith(`/registrations/${name}/registration-status`));
      expect(polls).toHaveLength(2);
      expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(1);
    } finally {
      cf.pollsUntilDone = 1;
    }
  });

  it("answers pending when the workflow outlasts the poll window, and registrationStatus finishes it later", async () => {
    cf.pollsUntilDone = 3;
    try {
      const name = `slow${uid()}.org`;
      const result = await adapter({ pollTimeoutMs: 0 }).register(registerRequest(name));
      expect(result).toEqual({ state: "pending", operationId: name });
      expect(cf.registered.has(name)).toBe(false);
      const a = adapter();
      expect((await a.registrationStatus(name)).state).toBe("pending");
      expect((await a.registrationStatus(name)).state).toBe("pending");
      expect(await a.registrationStatus(name)).toMatchObject({ state: "succeeded", domain: { name } });
    } finally {
      cf.pollsUntilDone = 1;
    }
  });

  it("stops on action_required instead of polling forever", async () => {
    const name = `verify${uid()}.com`;
    cf.actionRequired.add(name);
    const started = Date.now();
    const result = await adapter({ pollTimeoutMs: 20_000 }).register(registerRequest(name));
    expect(result.state).toBe("action_required");
    if (result.state === "action_required") expect(result.reason).toContain("verify_registrant_email");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(cf.requests.filter((r) => r.path.includes(`/registrations/${name}/`))).toHaveLength(0);
  });

  it("maps refusals to typed errors: taken, insufficient funds, transient, premium, unsupported TLD", async () => {
    const taken = `taken${uid()}.com`;
    cf.taken.add(taken);
    expect((await registrarError(adapter().register(registerRequest(taken)))).code).toBe("taken");

    cf.failNextRegister("insufficient_funds");
    const poor = await registrarError(adapter().register(registerRequest(`poor${uid()}.com`)));
    expect(poor.code).toBe("insufficient_funds");
    expect(poor.message).toContain("insufficient funds");

    cf.failNextRegister("transient");
    const flaky = await registrarError(adapter().register(registerRequest(`flaky${uid()}.com`)));
    expect(flaky.code).toBe("transient");
    expect(flaky.retryable).toBe(true);

    const premium = `prem${uid()}.com`;
    cf.premium.set(premium, 99_900);
    expect((await registrarError(adapter().register(registerRequest(premium)))).code).toBe("premium");

    expect((await registrarError(adapter().register(registerRequest(`x${uid()}.lol`)))).code).toBe(
      "unsupported_tld",
    );
  });

  it("waits out a 429's Retry-After and succeeds; gives up with rate_limited after bounded retries", async () => {
    cf.rateLimitNext(1, 1);
    const started = Date.now();
    const [r] = await adapter().check([`ratelimit${uid()}.com`]);
    expect(r?.available).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    cf.rateLimitNext(3, 0);
    const err = await registrarError(adapter({ rateLimitRetries: 2 }).check([`again${uid()}.com`]));
    expect(err.code).toBe("rate_limited");
    expect(err.retryable).toBe(true);
    // the three 429s are used up: the next call goes through
    expect((await adapter().check([`after${uid()}.com`]))[0]?.available).toBe(true);

    cf.failNextRegister("rate_limited");
    const name = `rl${uid()}.com`;
    const result = await adapter().register(registerRequest(name));
    expect(result.state).toBe("succeeded");
    expect(cf.registerCalls.filter((n) => n === name)).toHaveLength(2);
  });

  it("refuses a bad token or another account with 'auth'", async () => {
    const bad = await registrarError(
      adapter({ apiToken: "wrong-token-0123456789" }).check([`a${uid()}.com`]),
    );
    expect(bad.code).toBe("auth");
    expect(bad.message).toContain("Authentication error");
    const other = await registrarError(adapter({ accountId: "f".repeat(32) }).verifyCredentials());
    expect(other.code).toBe("auth");
    await adapter().verifyCredentials();
  });

  it("refuses to set nameservers: Cloudflare Registrar keeps its own, and no request is sent", async () => {
    const name = `ns${uid()}.com`;
    await adapter().register(registerRequest(name));
    const from = cf.requests.length;
    const err = await registrarError(
      adapter().setNameservers(name, ["ns1.coldframe.test", "ns2.coldframe.test"]),
    );
    expect(err.code).toBe("not_supported");
    expect(err.message).toBe(
      `Cloudflare Registrar keeps its own nameservers: ${name} uses Cloudflare DNS and its nameservers cannot be changed`,
    );
    expect(cf.requests.length).toBe(from);
    expect(cf.registered.get(name)?.nameservers).toEqual(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]);
  });

  it("lists prices per TLD", async () => {
    const prices = await adapter().priceList(["com", "dev"]);
    expect(prices).toEqual([
      { tld: "com", registrationCents: 1044, renewalCents: 1044, currency: "USD" },
      { tld: "dev", ...centsOf(defaultPrice("dev")), currency: "USD" },
    ]);
  });

  it("goes through the Registrar Sandbox routes when selected", async () => {
    const sandbox = adapter({ sandbox: true });
    const name = `sandbox${uid()}.com`;
    const from = cf.requests.length;
    expect((await sandbox.check([name]))[0]?.available).toBe(true);
    expect(await sandbox.register(registerRequest(name))).toMatchObject({ state: "succeeded" });
    expect(await sandbox.getDomain(name)).toMatchObject({ name, ours: true, status: "active" });
    const paths = cf.requests.slice(from).map((r) => r.path);
    // check, the TLD's schema, the registration, one status poll, the registration read back
    expect(paths).toHaveLength(5);
    for (const p of paths) expect(p).toContain(`/accounts/${cf.accountId}/registrar-sandbox/`);
    expect(sandbox.capabilities.createsDnsZone).toBe(false);
    expect(cf.zonesCreated).not.toContain(name);
  });
});

const centsOf = (p: { registration: number; renewal: number }) => ({
  registrationCents: p.registration,
  renewalCents: p.renewal,
});

describe("Name.com adapter (Core API v1 against the local Name.com API)", () => {
  const adapter = (extra: Partial<Parameters<typeof namecomRegistrar>[0]> = {}) =>
    namecomRegistrar({ username: nc.username, token: nc.token, apiUrl: nc.apiUrl, ...extra });
  // TLD rules and prices are cached per process; these tests change the local Name.com's TLDs
  beforeEach(() => resetNamecomTldCache());

  it("checks 60 names in two calls of at most 50, with prices in cents", async () => {
    const label = `nc${uid()}`;
    const names = Array.from({ length: 60 }, (_, i) => `${label}${i}.${i % 2 ? "net" : "com"}`);
    nc.taken.add(`${label}0.com`);
    nc.premium.set(`${label}1.net`, 420_000);
    nc.unsupportedTlds.add("io");
    try {
      const before = nc.checkCalls;
      const results = await adapter().check([...names, `${label}.io`]);
      expect(nc.checkCalls - before).toBe(2);
      expect(nc.checkBatches.slice(-2).map((b) => b.length)).toEqual([50, 11]);
      const by = new Map(results.map((r) => [r.name, r]));
      expect(by.get(`${label}2.com`)).toMatchObject({
        available: true,
        premium: false,
        registrationCents: 1299,
        renewalCents: 1499,
        registrar: "namecom",
        authoritative: true,
      });
      expect(by.get(`${label}3.net`)).toMatchObject(centsOf(defaultNamecomPrice("net")));
      expect(by.get(`${label}0.com`)).toMatchObject({ available: false, reason: "taken" });
      expect(by.get(`${label}1.net`)).toMatchObject({ premium: true, registrationCents: 420_000 });
      expect(by.get(`${label}.io`)).toMatchObject({ available: false, reason: "unsupported_tld" });
    } finally {
      nc.unsupportedTlds.delete("io");
    }
  });

  it("registers once per idempotency key, then knows the domain as ours", async () => {
    const name = `ncreg${uid()}.com`;
    const first = await adapter().register(
      registerRequest(name, { nameservers: ["ns1.coldframe.test", "ns2.coldframe.test"] }),
    );
    const again = await adapter().register(registerRequest(name));
    expect(first).toMatchObject({ state: "succeeded", domain: { name, ours: true } });
    expect(again).toEqual(first);
    expect(nc.registerCalls.filter((n) => n === name)).toHaveLength(1);
    // "+1.5555550100" goes out as Name.com's E.164, the country upper-case, to every role .com takes
    const sent = nc.createBodies.at(-1) as {
      domain: { contacts: Record<string, { phone: string; country: string }> };
    };
    expect(Object.keys(sent.domain.contacts).sort()).toEqual(["admin", "billing", "registrant", "tech"]);
    expect(sent.domain.contacts.registrant).toMatchObject({ phone: "+15555550100", country: "GB" });
    expect(await adapter().getDomain(name)).toMatchObject({
      name,
      ours: true,
      nameservers: ["ns1.coldframe.test", "ns2.coldframe.test"],
    });
    expect(await adapter().getDomain(`nope${uid()}.com`)).toBeNull();
    expect(await adapter().registrationStatus(name)).toMatchObject({ state: "succeeded", domain: { name } });
  });

  it("maps taken, insufficient funds, transient, price mismatch and auth errors", async () => {
    const taken = `nctaken${uid()}.com`;
    nc.taken.add(taken);
    expect((await registrarError(adapter().register(registerRequest(taken)))).code).toBe("taken");
    nc.failNextRegister("insufficient_funds");
    expect((await registrarError(adapter().register(registerRequest(`ncpoor${uid()}.com`)))).code).toBe(
      "insufficient_funds",
    );
    nc.failNextRegister("transient");
    expect((await registrarError(adapter().register(registerRequest(`ncflaky${uid()}.com`)))).code).toBe(
      "transient",
    );
    const premium = `ncprem${uid()}.com`;
    nc.premium.set(premium, 50_000);
    expect((await registrarError(adapter().register(registerRequest(premium)))).code).toBe("price_changed");
    const auth = await registrarError(adapter({ token: "not-the-token" }).verifyCredentials());
    expect(auth.code).toBe("auth");
    expect(auth.message).toContain("Unauthenticated");
    await adapter().verifyCredentials();
  });

  it("waits out a 429 and succeeds", async () => {
    nc.rateLimitNext(2, 0.5);
    const started = Date.now();
    const [r] = await adapter().check([`ncrl${uid()}.com`]);
    expect(r?.available).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    nc.rateLimitNext(2, 0);
    expect((await registrarError(adapter({ rateLimitRetries: 1 }).check([`x${uid()}.com`]))).code).toBe(
      "rate_limited",
    );
  });

  it("sets nameservers and lists prices", async () => {
    const name = `ncns${uid()}.com`;
    await adapter().register(registerRequest(name));
    await adapter().setNameservers(name, ["ns1.coldframe.test", "ns2.coldframe.test"]);
    expect(nc.registered.get(name)?.nameservers).toEqual(["ns1.coldframe.test", "ns2.coldframe.test"]);
    nc.unsupportedTlds.add("ai");
    try {
      expect(await adapter().priceList(["com", "ai", "org"])).toEqual([
        { tld: "com", registrationCents: 1299, renewalCents: 1499, currency: "USD" },
        { tld: "org", ...centsOf(defaultNamecomPrice("org")), currency: "USD" },
      ]);
    } finally {
      nc.unsupportedTlds.delete("ai");
    }
  });
});

describe("RDAP", () => {
  beforeEach(() => resetRdapBootstrapCache());

  it("reads registered names with their registration date, 404 as not registered, and caches the bootstrap", async () => {
    const createdAt = new Date("2019-03-04T05:06:07.000Z");
    rdap.domains.set("old-brand.com", { createdAt });
    const before = rdap.bootstrapCalls;
    expect(await rdapLookup("Old-Brand.com")).toEqual({
      registered: true,
      createdAt,
      status: ["client transfer prohibited"],
    });
    expect(await rdapLookup(`free${uid()}.net`)).toEqual({ registered: false, createdAt: null, status: [] });
    expect(await rdapLookup("nobody.unknowntld")).toBeNull();
    expect(rdap.bootstrapCalls - before).toBe(1);
    resetRdapBootstrapCache();
    await rdapLookup("old-brand.com");
    expect(rdap.bootstrapCalls - before).toBe(2);
  });

  it("turns 429 into rate_limited with the Retry-After", async () => {
    rdap.rateLimitNext(1, 7);
    const err = await registrarError(rdapLookup("old-brand.com"));
    expect(err.code).toBe("rate_limited");
    expect(err.options.retryAfterMs).toBe(7_000);
  });

  it("answers availability hints without prices through rdapRegistrar()", async () => {
    rdap.domains.set("hinted.io", { createdAt: new Date("2021-01-01T00:00:00Z") });
    const results = await rdapRegistrar().check(["hinted.io", "unhinted-xyz.io"]);
    expect(results).toEqual([
      expect.objectContaining({ name: "hinted.io", available: false, reason: "taken", authoritative: false }),
      expect.objectContaining({
        name: "unhinted-xyz.io",
        available: true,
        registrationCents: null,
        renewalCents: null,
        registrar: "rdap",
        authoritative: false,
      }),
    ]);
    expect((await registrarError(rdapRegistrar().register(registerRequest("x.io")))).code).toBe(
      "not_supported",
    );
  });

  it("says what failed when an RDAP lookup fails, instead of a bare code", async () => {
    rdap.failNext(1);
    const [result] = await rdapRegistrar().check([`down${uid()}.io`]);
    expect(result).toMatchObject({ available: false, registrar: "rdap", authoritative: false });
    expect(result!.reason).toMatch(
      /^the public registration lookup \(RDAP\) failed: down.*\.io lookup answered HTTP 503$/,
    );
    rdap.rateLimitNext(1, 1);
    const [limited] = await rdapRegistrar().check([`slow${uid()}.io`]);
    expect(limited!.reason).toBe("rate_limited");
  });
});

describe("choosing a registrar", () => {
  const platformEnv = {
    CLOUDFLARE_API_TOKEN: "",
    CLOUDFLARE_ACCOUNT_ID: "",
    NAMECOM_USERNAME: "",
    NAMECOM_TOKEN: "",
  };
  function setEnv(values: Partial<typeof platformEnv>) {
    Object.assign(process.env, platformEnv, values);
    resetEnvCache();
  }
  afterAll(() => setEnv({}));

  it("uses workspace accounts first, then the platform's Cloudflare, then Name.com; errors when none is configured", async () => {
    const { workspaceId } = await signUp(app.url);
    const db = getDb();
    setEnv({});
    expect(await searchRegistrars(db, workspaceId)).toEqual([]);
    await expect(getRegistrar(db, { registrar: "cloudflare", accountId: null })).rejects.toThrow(
      /CLOUDFLARE_API_TOKEN/,
    );

    setEnv({
      CLOUDFLARE_API_TOKEN: cf.token,
      CLOUDFLARE_ACCOUNT_ID: cf.accountId,
      NAMECOM_USERNAME: nc.username,
      NAMECOM_TOKEN: nc.token,
    });
    const account = await createProviderAccount(db, workspaceId, {
      provider: "namecom",
      label: "Our Name.com",
      username: nc.username,
      token: nc.token,
    });
    const found = await searchRegistrars(db, workspaceId);
    expect(found.map((f) => [f.registrar.id, f.accountId])).toEqual([
      ["namecom", account.id],
      ["cloudflare", null],
      ["namecom", null],
    ]);
    // each one answers against its server
    const name = `choose${uid()}.com`;
    expect((await found[0]!.registrar.check([name]))[0]?.registrationCents).toBe(1299);
    expect((await found[1]!.registrar.check([name]))[0]?.registrationCents).toBe(1044);

    const viaAccount = await getRegistrar(db, { registrar: "namecom", accountId: account.id });
    expect(viaAccount.id).toBe("namecom");
    const wrong = await getRegistrar(db, { registrar: "cloudflare", accountId: account.id }).catch((e) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect((wrong as AppError).message).toContain("not a cloudflare registrar");
  });
});

describe("provider accounts API", () => {
  it("creates an account without ever returning its secret, stores it encrypted, tests, lists and deletes it", async () => {
    const { client } = await signUp(app.url);
    const res = await client.post("/api/v1/provider-accounts", {
      provider: "cloudflare",
      label: "Main Cloudflare",
      apiToken: cf.token,
      accountId: cf.accountId,
      sandbox: true,
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(cf.token);
    const created = JSON.parse(text) as { id: string; status: string; config: Record<string, unknown> };
    expect(created).toMatchObject({
      kind: "registrar",
      provider: "cloudflare",
      label: "Main Cloudflare",
      status: "untested",
      config: { accountId: cf.accountId, sandbox: true },
    });

    const [row] = await getDb().select().from(providerAccounts).where(eq(providerAccounts.id, created.id));
    expect(row?.credentialsEnc).not.toContain(cf.token);
    expect(JSON.parse(decryptSecret(row!.credentialsEnc))).toEqual({ apiToken: cf.token });

    const from = cf.requests.length;
    const test = await client.post(`/api/v1/provider-accounts/${created.id}/test`);
    expect(test.status).toBe(200);
    expect(await test.json()).toMatchObject({ ok: true, error: null, account: { status: "ok" } });
    // the sandbox switch is honoured
    expect(cf.requests.slice(from).map((r) => r.path)).toEqual([
      `/accounts/${cf.accountId}/registrar-sandbox/registrations`,
    ]);

    const list = await client.get("/api/v1/provider-accounts");
    expect(list.status).toBe(200);
    const listText = await list.text();
    expect(listText).not.toContain(cf.token);
    const { data } = JSON.parse(listText) as {
      data: { id: string; status: string; lastTestedAt: string | null }[];
    };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ id: created.id, status: "ok" });
    expect(data[0]?.lastTestedAt).not.toBeNull();

    const del = await client.request(`/api/v1/provider-accounts/${created.id}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect((await (await client.get("/api/v1/provider-accounts")).json()).data).toEqual([]);
  });

  it("reports a failing connection with the provider's reason and keeps it on the account", async () => {
    const { client } = await signUp(app.url);
    const bad = await client.post("/api/v1/provider-accounts", {
      provider: "namecom",
      label: "Old token",
      username: nc.username,
      token: "revoked-token-123456",
    });
    expect(bad.status).toBe(201);
    const { id } = (await bad.json()) as { id: string };
    const test = await client.post(`/api/v1/provider-accounts/${id}/test`);
    expect(test.status).toBe(200);
    const body = (await test.json()) as {
      ok: boolean;
      error: string;
      account: { status: string; lastError: string };
    };
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/refused these credentials.*Unauthenticated/);
    expect(body.account).toMatchObject({ status: "error", lastError: body.error });

    const good = await client.post("/api/v1/provider-accounts", {
      provider: "namecom",
      label: "Name.com",
      username: nc.username,
      token: nc.token,
    });
    const goodTest = await client.post(
      `/api/v1/provider-accounts/${((await good.json()) as { id: string }).id}/test`,
    );
    expect(await goodTest.json()).toMatchObject({ ok: true });
  });

  it("tests a PowerDNS account against a real PowerDNS server: the right key connects, a wrong one is refused", async () => {
    let pdns: DnsServer | undefined;
    try {
      pdns = await startDnsServer();
      const { client } = await signUp(app.url);
      const create = (apiKey: string, label: string) =>
        client.post("/api/v1/provider-accounts", {
          provider: "powerdns",
          label,
          apiUrl: pdns?.apiUrl,
          apiKey,
          nameservers: ["ns1.coldframe.test", "NS2.coldframe.test."],
        });
      const good = await create(pdns.apiKey, "Own PowerDNS");
      expect(good.status).toBe(201);
      const account = (await good.json()) as { id: string; kind: string; config: Record<string, unknown> };
      expect(account).toMatchObject({
        kind: "dns",
        config: {
          apiUrl: pdns.apiUrl,
          serverId: "localhost",
          nameservers: ["ns1.coldframe.test", "ns2.coldframe.test"],
        },
      });
      const ok = await client.post(`/api/v1/provider-accounts/${account.id}/test`);
      expect(await ok.json()).toMatchObject({ ok: true, account: { status: "ok" } });

      const bad = (await (await create("wrong-key", "Wrong key")).json()) as { id: string };
      const refused = (await (await client.post(`/api/v1/provider-accounts/${bad.id}/test`)).json()) as {
        ok: boolean;
        error: string;
      };
      expect(refused.ok).toBe(false);
      expect(refused.error).toMatch(/401|unauthori[sz]ed|api key/i);
    } finally {
      await pdns?.close();
    }
  });

  it("keeps an account that domains still use (409)", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const res = await client.post("/api/v1/provider-accounts", {
      provider: "namecom",
      label: "In use",
      username: nc.username,
      token: nc.token,
    });
    const { id } = (await res.json()) as { id: string };
    await getDb()
      .insert(domains)
      .values({ id: crypto.randomUUID(), workspaceId, name: `inuse${uid()}.com`, registrarAccountId: id });
    const del = await client.request(`/api/v1/provider-accounts/${id}`, { method: "DELETE" });
    expect(del.status).toBe(409);
    expect(JSON.stringify(await del.json())).toContain("used by 1 domain");
    expect((await (await client.get("/api/v1/provider-accounts")).json()).data).toHaveLength(1);
  });

  it("refuses bad input with a clear message", async () => {
    const { client } = await signUp(app.url);
    const res = await client.post("/api/v1/provider-accounts", {
      provider: "cloudflare",
      label: "CF",
      apiToken: cf.token,
      accountId: "not-an-account",
    });
    expect(res.status).toBe(400);
    // the one error shape: the message beside its field
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(error.code).toBe("validation");
    expect(error.fields.accountId).toEqual([expect.stringContaining("32 hexadecimal characters")]);
    const ns = await client.post("/api/v1/provider-accounts", {
      provider: "powerdns",
      label: "PDNS",
      apiUrl: "http://127.0.0.1:8081",
      apiKey: "k",
      nameservers: ["not a host"],
    });
    expect(ns.status).toBe(400);
    expect(JSON.stringify(await ns.json())).toContain("host name");
    const unknown = await client.post("/api/v1/provider-accounts", { provider: "godaddy", label: "x" });
    expect(unknown.status).toBe(400);
  });

  it("hides one workspace's accounts from another (404)", async () => {
    const owner = await signUp(app.url);
    const stranger = await signUp(app.url);
    const res = await owner.client.post("/api/v1/provider-accounts", {
      provider: "cloudflare",
      label: "Private",
      apiToken: cf.token,
      accountId: cf.accountId,
    });
    const { id } = (await res.json()) as { id: string };
    expect((await (await stranger.client.get("/api/v1/provider-accounts")).json()).data).toEqual([]);
    expect((await stranger.client.post(`/api/v1/provider-accounts/${id}/test`)).status).toBe(404);
    expect(
      (await stranger.client.request(`/api/v1/provider-accounts/${id}`, { method: "DELETE" })).status,
    ).toBe(404);
    expect((await (await owner.client.get("/api/v1/provider-accounts")).json()).data).toHaveLength(1);
  });
});
