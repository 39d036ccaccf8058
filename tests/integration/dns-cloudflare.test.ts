import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { domains } from "../../src/lib/db/schema";
import { dkimRecordValue } from "../../src/lib/dns/dkim";
import { DnsProviderError } from "../../src/lib/dns/providers";
import { cloudflareDnsProvider } from "../../src/lib/dns/providers/cloudflare";
import { setupDomainDns } from "../../src/lib/domains/dns-setup";
import { verifyDnsAccount } from "../../src/lib/registrars/verify-dns-account";
import { type FakeCloudflareDns, startFakeCloudflareDns } from "./fakes/cloudflare-dns";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, startDnsServer } from "./helpers/dns-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

const TRACKING_TARGET = "app.coldframe.test";
const SENDING_IP = "192.0.2.10";

let cf: FakeCloudflareDns;
let dns: DnsServer; // the resolver the SPF lookup count asks
let app: AppServer;
let client: HttpClient;
let accountId: string;

beforeAll(async () => {
  cf = await startFakeCloudflareDns();
  dns = await startDnsServer();
  app = await startAppServer({
    DNS_PROVIDER: "none",
    CLOUDFLARE_BASE_URL: cf.baseUrl,
    DNS_RESOLVERS: dns.address,
    DNS_AUTHORITATIVE_SERVERS: dns.address,
    TRACKING_CNAME_TARGET: TRACKING_TARGET,
  });
  ({ client } = await signUp(app.url));
  const res = await client.post("/api/v1/provider-accounts", {
    provider: "cloudflare",
    kind: "dns",
    label: "Our Cloudflare",
    apiToken: cf.token,
    accountId: cf.accountId,
  });
  expect(res.status).toBe(201);
  accountId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await app?.close();
  await dns?.close();
  await cf?.close();
});

const uniqueName = () => `cf-${randomBytes(4).toString("hex")}.com`;
const load = async (id: string) => (await getDb().select().from(domains).where(eq(domains.id, id)))[0]!;

/** Add a domain bought elsewhere whose DNS is the workspace's Cloudflare account. */
async function addManaged(name: string) {
  const res = await client.post("/api/v1/domains", {
    name,
    trackingHost: `track.${name}`,
    dns: { mode: "managed", accountId },
    settings: { spf: { preset: "custom", ips: [SENDING_IP] }, mx: { preset: "google" } },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const writes = () => cf.requests.filter((r) => r.method !== "GET");
const unquote = (c: string) =>
  c.startsWith('"') ? [...c.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join("") : c;

describe("Cloudflare DNS through the official SDK", () => {
  it("sets up a domain in the account's existing zone: every record, the existing SPF merged", async () => {
    const name = uniqueName();
    cf.addZone(name);
    cf.addRecord(name, { name, type: "TXT", content: "v=spf1 include:_spf.partner.test -all" });
    const id = await addManaged(name);
    expect((await load(id)).status).toBe("configuring_dns");

    expect(await setupDomainDns(getDb(), id)).toEqual({ state: "done" });
    const d = await load(id);
    expect(d.status).toBe("verifying_dns");
    expect(d.dnsProvider).toBe("cloudflare");
    expect(d.dnsAccountId).toBe(accountId);
    expect(writes().some((r) => r.path === "/zones")).toBe(false); // the zone was found, not created

    const recs = cf.recordsOf(name);
    const of = (n: string, t: string) => recs.filter((r) => r.name === n && r.type === t);
    expect(of(name, "TXT").map((r) => unquote(r.content))).toEqual([
      `v=spf1 include:_spf.partner.test ip4:${SENDING_IP} -all`,
    ]);
    const dkim = of(`coldframe._domainkey.${name}`, "TXT");
    expect(dkim).toHaveLength(1);
    // sent as quoted strings of at most 255 characters, as Cloudflare documents for long TXT values
    const strings = [...dkim[0]!.content.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(strings.length).toBe(2);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.join("")).toBe(dkimRecordValue(d.dkimPublicKey!));
    expect(of(`_dmarc.${name}`, "TXT").map((r) => unquote(r.content))).toEqual([
      `v=DMARC1; p=none; rua=mailto:dmarc@${name}; adkim=r; aspf=r`,
    ]);
    expect(
      of(name, "MX")
        .map((r) => `${r.priority} ${r.content}`)
        .sort(),
    ).toEqual([
      "1 aspmx.l.google.com",
      "10 alt3.aspmx.l.google.com",
      "10 alt4.aspmx.l.google.com",
      "5 alt1.aspmx.l.google.com",
      "5 alt2.aspmx.l.google.com",
    ]);
    expect(of(`track.${name}`, "CNAME").map((r) => [r.content, r.proxied])).toEqual([
      [TRACKING_TARGET, false],
    ]);

    // a second run reads and writes nothing
    const before = JSON.stringify(cf.recordsOf(name));
    const writesBefore = writes().length;
    expect(await setupDomainDns(getDb(), id)).toEqual({ state: "done" });
    expect(writes().length).toBe(writesBefore);
    expect(JSON.stringify(cf.recordsOf(name))).toBe(before);
  });

  it("creates the zone when the account has none, and says which nameservers to set at the registrar", async () => {
    const name = uniqueName();
    const id = await addManaged(name);
    await setupDomainDns(getDb(), id);
    const zone = [...cf.zones.values()].find((z) => z.name === name);
    expect(zone).toBeDefined();
    const d = await load(id);
    expect(d.dnsZoneId).toBe(zone!.id);
    expect(d.dnsProgress?.steps.find((s) => s.key === "nameservers")?.detail).toBe(
      "set these nameservers at the domain's registrar: ada.ns.cloudflare.com, bob.ns.cloudflare.com",
    );
  });

  it("a refused token fails the step with Cloudflare's reason; a server error is retryable", async () => {
    const name = uniqueName();
    const id = await addManaged(name);
    cf.failNext(403, 9109, "Unauthorized to access requested resource");
    await expect(setupDomainDns(getDb(), id)).rejects.toThrow(
      /Cloudflare refused the API token while finding or creating the zone .*Unauthorized to access requested resource/,
    );
    const d = await load(id);
    expect(d.status).toBe("configuring_dns");
    expect(d.statusReason).toMatch(/Cloudflare refused the API token/);
    expect(d.dnsProgress?.steps.find((s) => s.key === "zone")?.state).toBe("failed");

    // SDK retries once (maxRetries 1), so two failures reach us
    cf.failNext(500, 10001, "Internal server error");
    cf.failNext(500, 10001, "Internal server error");
    const err = await setupDomainDns(getDb(), id).catch((e) => e);
    expect(err).toBeInstanceOf(DnsProviderError);
    expect((err as DnsProviderError).options.retryable).toBe(true);

    // and the retry after the outage converges
    expect(await setupDomainDns(getDb(), id)).toEqual({ state: "done" });
    expect((await load(id)).status).toBe("verifying_dns");
  });

  it("makes a record set exactly the wanted records: edits, creates and deletes single records", async () => {
    const provider = cloudflareDnsProvider({
      apiToken: cf.token,
      accountId: cf.accountId,
      baseUrl: cf.baseUrl,
    });
    const name = uniqueName();
    const zone = await provider.ensureZone(name);
    expect(zone.nameservers).toEqual(["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]);
    const mx = (host: string, priority: number) => ({
      name,
      type: "MX" as const,
      content: host,
      priority,
      ttl: 3600,
    });
    await provider.upsertRecordSet(zone, name, "MX", [
      mx("a.mx.test", 10),
      mx("b.mx.test", 20),
      mx("c.mx.test", 30),
    ]);
    await provider.upsertRecordSet(zone, name, "MX", [mx("b.mx.test", 20), mx("d.mx.test", 5)]);
    const listed = await provider.listRecords(zone, { name, type: "MX" });
    expect(listed.map((r) => `${r.priority} ${r.content}`).sort()).toEqual(["20 b.mx.test", "5 d.mx.test"]);
    await provider.deleteRecordSet(zone, name, "MX");
    expect(await provider.listRecords(zone, { name, type: "MX" })).toEqual([]);

    const wrong = cloudflareDnsProvider({
      apiToken: "not-the-token-0000000000",
      accountId: cf.accountId,
      baseUrl: cf.baseUrl,
    });
    await expect(wrong.verifyCredentials()).rejects.toThrow(
      /Cloudflare refused the API token.*Authentication error/,
    );
  });

  it("tests a connected account's credentials (for provider accounts' test connection)", async () => {
    expect(await verifyDnsAccount(getDb(), accountId)).toBeNull();
    const res = await client.post("/api/v1/provider-accounts", {
      provider: "cloudflare",
      kind: "dns",
      label: "Wrong token",
      apiToken: "wrong-token-0000000000000000",
      accountId: cf.accountId,
    });
    const wrong = ((await res.json()) as { id: string }).id;
    expect(await verifyDnsAccount(getDb(), wrong)).toMatch(
      /Cloudflare refused the API token.*Authentication error/,
    );
  });
});
