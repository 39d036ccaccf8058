import { createPrivateKey, randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { authenticate } from "mailauth";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import { type DnsSettings, type Domain, domainDnsRecords, domains, mailboxes } from "../../src/lib/db/schema";
import { dnsResolver, mailauthResolver } from "../../src/lib/dns/resolver";
import { countSpfLookups } from "../../src/lib/dns/spf";
import { checkDomainHealth } from "../../src/lib/domains/check-domain-health";
import { checkPropagation } from "../../src/lib/domains/check-propagation";
import { setupDomainDns } from "../../src/lib/domains/dns-setup";
import { runDnsVerification } from "../../src/lib/domains/run-dns-verification";
import { logger } from "../../src/lib/logger";
import { enqueue } from "../../src/lib/queue/enqueue";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { verifyDnsAccount } from "../../src/lib/registrars/verify-dns-account";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { type FakeNamecom, startFakeNamecom } from "./fakes/namecom";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, dnsServerEnv, startDnsServer } from "./helpers/dns-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

const SENDING_IP = "192.0.2.10";
const TRACKING_TARGET = "app.coldframe.test";

let dns: DnsServer;
let app: AppServer;
let client: HttpClient;
let workspaceId: string;
let namecom: FakeNamecom;

beforeAll(async () => {
  dns = await startDnsServer();
  namecom = await startFakeNamecom();
  app = await startAppServer({
    ...dnsServerEnv(dns),
    TRACKING_CNAME_TARGET: TRACKING_TARGET,
    NAMECOM_USERNAME: namecom.username,
    NAMECOM_TOKEN: namecom.token,
    NAMECOM_API_URL: namecom.apiUrl,
  });
  ({ client, workspaceId } = await signUp(app.url));
});
afterAll(async () => {
  await app?.close();
  await dns?.close();
  await namecom?.close();
});

const uniqueName = () => `cf-${randomBytes(4).toString("hex")}.com`;

/** A domain as the purchase hands it over: registered, DNS managed by the platform's PowerDNS. */
async function registeredDomain(
  settings: DnsSettings | null,
  name = uniqueName(),
  extra: Partial<typeof domains.$inferInsert> = {},
): Promise<Domain> {
  const [row] = await getDb()
    .insert(domains)
    .values({
      id: randomUUID(),
      workspaceId,
      name,
      source: "purchased",
      status: "registered",
      dnsMode: "managed",
      dnsSettings: settings,
      ...extra,
    })
    .returning();
  return row!;
}

const load = async (id: string) => (await getDb().select().from(domains).where(eq(domains.id, id)))[0]!;
const expectedRows = (id: string) =>
  getDb().select().from(domainDnsRecords).where(eq(domainDnsRecords.domainId, id));

type Rrset = { name: string; type: string; ttl: number; records: { content: string }[] };
/** The zone as PowerDNS holds it (every rrset, SOA included), read through its API. */
async function zone(name: string): Promise<Rrset[]> {
  const res = await fetch(`${dns.apiUrl}/api/v1/servers/localhost/zones/${name}.`, {
    headers: { "X-API-Key": dns.apiKey },
  });
  expect(res.status).toBe(200);
  const z = (await res.json()) as { rrsets: Rrset[] };
  return z.rrsets
    .map((r) => ({
      name: r.name,
      type: r.type,
      ttl: r.ttl,
      records: r.records.map((x) => ({ content: x.content })),
    }))
    .sort((a, b) => `${a.name}${a.type}`.localeCompare(`${b.name}${b.type}`));
}
const rrset = (rrsets: Rrset[], name: string, type: string) =>
  rrsets.find((r) => r.name === `${name}.` && r.type === type)?.records.map((r) => r.content) ?? [];
/** TXT contents as PowerDNS stores them ("a" "b") back to the value. */
const joinTxt = (content: string) => [...content.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join("");

const customSpf: DnsSettings = {
  spf: { preset: "custom", ips: [SENDING_IP] },
  dmarc: { policy: "none" },
  mx: { preset: "google" },
};

describe("setupDomainDns against PowerDNS", () => {
  it("creates the zone and every record, stores the expected records and hands over to verification", async () => {
    const d = await registeredDomain(customSpf);
    expect(await setupDomainDns(getDb(), d.id)).toEqual({ state: "done" });

    const after = await load(d.id);
    expect(after.status).toBe("verifying_dns");
    expect(after.dnsProvider).toBe("powerdns");
    expect(after.dnsZoneId).toBe(`${d.name}.`);
    expect(after.trackingHost).toBe(`track.${d.name}`);
    expect(after.dkimSelector).toBe("coldframe");
    // the private key is stored encrypted and is a usable RSA key
    expect(after.dkimPrivateKeyEnc).not.toContain("PRIVATE KEY");
    const stored = createPrivateKey({ key: decryptSecret(after.dkimPrivateKeyEnc!), format: "pem" });
    expect(stored.type).toBe("private");
    expect(stored.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(after.dnsProgress?.steps.map((s) => [s.key, s.state])).toEqual([
      ["zone", "done"],
      ["nameservers", "done"],
      ["spf", "done"],
      ["dkim", "done"],
      ["dmarc", "done"],
      ["mx", "done"],
      ["tracking", "done"],
      ["redirect", "done"],
      ["verify", "running"],
    ]);

    const z = await zone(d.name);
    expect(rrset(z, d.name, "NS").sort()).toEqual(["ns1.coldframe.test.", "ns2.coldframe.test."]);
    expect(rrset(z, d.name, "TXT").map(joinTxt)).toEqual([`v=spf1 ip4:${SENDING_IP} ~all`]);
    const dkim = rrset(z, `coldframe._domainkey.${d.name}`, "TXT");
    expect(dkim).toHaveLength(1);
    // a 2048-bit key does not fit one 255-byte string: two strings, joined to our record
    const strings = [...dkim[0]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(strings.map((s) => s.length <= 255)).toEqual([true, true]);
    expect(strings.join("")).toBe(`v=DKIM1; k=rsa; p=${after.dkimPublicKey}`);
    expect(rrset(z, `_dmarc.${d.name}`, "TXT").map(joinTxt)).toEqual([
      `v=DMARC1; p=none; rua=mailto:dmarc@${d.name}; adkim=r; aspf=r`,
    ]);
    expect(rrset(z, d.name, "MX").sort()).toEqual([
      "1 aspmx.l.google.com.",
      "10 alt3.aspmx.l.google.com.",
      "10 alt4.aspmx.l.google.com.",
      "5 alt1.aspmx.l.google.com.",
      "5 alt2.aspmx.l.google.com.",
    ]);
    expect(rrset(z, `track.${d.name}`, "CNAME")).toEqual([`${TRACKING_TARGET}.`]);

    const rows = await expectedRows(d.id);
    expect(rows.map((r) => r.purpose).sort()).toEqual([
      "dkim",
      "dmarc",
      "mx",
      "mx",
      "mx",
      "mx",
      "mx",
      "spf",
      "tracking",
    ]);
    expect(rows.every((r) => r.state === "pending")).toBe(true);
  });

  it("running setup twice changes nothing: same zone (serial included), same expected records", async () => {
    const d = await registeredDomain(customSpf);
    await setupDomainDns(getDb(), d.id);
    const zoneBefore = await zone(d.name);
    const rowsBefore = (await expectedRows(d.id)).map((r) => r.id).sort();
    const keyBefore = (await load(d.id)).dkimPublicKey;

    expect(await setupDomainDns(getDb(), d.id)).toEqual({ state: "done" });
    expect(await zone(d.name)).toEqual(zoneBefore);
    expect((await expectedRows(d.id)).map((r) => r.id).sort()).toEqual(rowsBefore);
    expect((await load(d.id)).dkimPublicKey).toBe(keyBefore);
    const progress = (await load(d.id)).dnsProgress!;
    expect(progress.steps.find((s) => s.key === "spf")?.detail).toContain("already published");
  });

  it("merges an existing SPF record instead of adding a second one, and keeps other TXT values", async () => {
    const name = uniqueName();
    await dns.createZone(name);
    await dns.setRecord(name, "TXT", ["v=spf1 include:_spf.partner.test -all", "site-verification=abc123"]);
    const d = await registeredDomain(customSpf, name);
    await setupDomainDns(getDb(), d.id);

    const txt = rrset(await zone(name), name, "TXT")
      .map(joinTxt)
      .sort();
    expect(txt).toEqual([
      "site-verification=abc123",
      `v=spf1 include:_spf.partner.test ip4:${SENDING_IP} -all`,
    ]);
    // and again: still one SPF record, unchanged
    await setupDomainDns(getDb(), d.id);
    expect(
      rrset(await zone(name), name, "TXT")
        .map(joinTxt)
        .sort(),
    ).toEqual(txt);
  });

  it("without settings: SPF for the mailboxes that send as the domain, DMARC p=none, no MX", async () => {
    const name = uniqueName();
    await getDb()
      .insert(mailboxes)
      .values([
        {
          id: randomUUID(),
          workspaceId,
          email: `alice@${name}`,
          provider: "smtp",
          smtpHost: "smtp.mailer.test",
        },
        { id: randomUUID(), workspaceId, email: `bob@${name}`, provider: "google" },
      ]);
    const d = await registeredDomain(null, name);
    await setupDomainDns(getDb(), d.id);
    const after = await load(d.id);
    expect(after.dnsSettings).toEqual({
      spf: { preset: "custom", hosts: ["smtp.gmail.com", "smtp.mailer.test"], ips: [] },
      dmarc: { policy: "none" },
      // Google and a custom server both send: which one receives replies is the user's call
      mx: { preset: "none" },
    });
    const z = await zone(name);
    expect(rrset(z, name, "TXT").map(joinTxt)).toEqual([
      "v=spf1 include:_spf.google.com a:smtp.mailer.test ~all",
    ]);
    expect(rrset(z, name, "MX")).toEqual([]);
    expect(after.dnsProgress?.steps.find((s) => s.key === "mx")?.detail).toMatch(/no MX preset chosen/);
  });

  it("a purchased domain whose mailboxes are Google Workspace gets Google's MX hosts with no choice made", async () => {
    const name = uniqueName();
    await getDb()
      .insert(mailboxes)
      .values({ id: randomUUID(), workspaceId, email: `carol@${name}`, provider: "google" });
    const d = await registeredDomain(null, name);
    await setupDomainDns(getDb(), d.id);
    const after = await load(d.id);
    expect(after.dnsSettings?.mx).toEqual({ preset: "google" });
    const mx = await dnsResolver([dns.address]).mx(name);
    expect(mx.map((m) => `${m.priority} ${m.exchange}`).sort()).toEqual(
      [
        "1 aspmx.l.google.com",
        "5 alt1.aspmx.l.google.com",
        "5 alt2.aspmx.l.google.com",
        "10 alt3.aspmx.l.google.com",
        "10 alt4.aspmx.l.google.com",
      ].sort(),
    );
    // a domain added by hand keeps its MX as it is unless asked
    const own = uniqueName();
    await getDb()
      .insert(mailboxes)
      .values({ id: randomUUID(), workspaceId, email: `dan@${own}`, provider: "google" });
    const byHand = await registeredDomain(null, own, { source: "external" });
    await setupDomainDns(getDb(), byHand.id);
    expect((await load(byHand.id)).dnsSettings?.mx).toBeUndefined();
  });

  it("records it published and no longer wants come out of the zone: a changed tracking host, MX set to none", async () => {
    const name = uniqueName();
    const d = await registeredDomain(customSpf, name, { trackingHost: `track.${name}` });
    await setupDomainDns(getDb(), d.id);
    let z = await zone(name);
    expect(rrset(z, `track.${name}`, "CNAME")).toEqual([`${TRACKING_TARGET}.`]);
    expect(rrset(z, name, "MX")).toHaveLength(5);

    await getDb()
      .update(domains)
      .set({ trackingHost: `links.${name}`, dnsSettings: { ...customSpf, mx: { preset: "none" } } })
      .where(eq(domains.id, d.id));
    await setupDomainDns(getDb(), d.id);
    z = await zone(name);
    expect(rrset(z, `track.${name}`, "CNAME")).toEqual([]);
    expect(rrset(z, `links.${name}`, "CNAME")).toEqual([`${TRACKING_TARGET}.`]);
    expect(rrset(z, name, "MX")).toEqual([]);
    // SPF, DKIM and DMARC untouched
    expect(rrset(z, name, "TXT").map(joinTxt)).toEqual([`v=spf1 ip4:${SENDING_IP} ~all`]);
    expect(rrset(z, `_dmarc.${name}`, "TXT")).toHaveLength(1);
    const rows = await expectedRows(d.id);
    expect(rows.map((r) => r.purpose).sort()).toEqual(["dkim", "dmarc", "spf", "tracking"]);
    expect(rows.find((r) => r.purpose === "tracking")?.name).toBe(`links.${name}`);
  });

  it("refuses an SPF record past 10 DNS lookups, with the reason, and leaves the record alone", async () => {
    const name = uniqueName();
    await dns.createZone(name);
    const includes = Array.from({ length: 10 }, (_, i) => `include:_spf${i}.partner.test`).join(" ");
    await dns.setRecord(name, "TXT", [`v=spf1 ${includes} -all`]);
    const d = await registeredDomain({ ...customSpf, spf: { preset: "google" } }, name);

    const result = await setupDomainDns(getDb(), d.id);
    expect(result.state).toBe("refused");
    expect(result.reason).toMatch(/SPF would need 11 DNS lookups \(receivers allow 10\)/);
    const after = await load(d.id);
    expect(after.status).toBe("configuring_dns");
    expect(after.statusReason).toMatch(/11 DNS lookups/);
    expect(after.dnsProgress?.steps.find((s) => s.key === "spf")?.state).toBe("failed");
    expect(rrset(await zone(name), name, "TXT").map(joinTxt)).toEqual([`v=spf1 ${includes} -all`]);
  });
});

describe("setupDomainDns with a registrar and with two workers", () => {
  it("points the registrar's nameservers at the zone (Name.com), and leaves them when already right", async () => {
    const name = uniqueName();
    const now = new Date();
    namecom.registered.set(name, {
      name,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 365 * 86400_000),
      nameservers: ["ns1.name.com", "ns2.name.com"],
    });
    const d = await registeredDomain(customSpf, name, { registrar: "namecom" });
    await setupDomainDns(getDb(), d.id);
    expect(namecom.registered.get(name)?.nameservers).toEqual(["ns1.coldframe.test", "ns2.coldframe.test"]);
    const step = async () =>
      (await load(d.id)).dnsProgress?.steps.find((s) => s.key === "nameservers")?.detail;
    expect(await step()).toBe("set to ns1.coldframe.test, ns2.coldframe.test at namecom");
    expect((await load(d.id)).nameservers).toEqual(["ns1.coldframe.test", "ns2.coldframe.test"]);

    const writesBefore = namecom.requests.filter((r) => r.method !== "GET").length;
    await setupDomainDns(getDb(), d.id);
    expect(await step()).toBe("already ns1.coldframe.test, ns2.coldframe.test");
    expect(namecom.requests.filter((r) => r.method !== "GET").length).toBe(writesBefore);
  });

  it("two setups of one domain at once end in the same zone as one (one DKIM key, one SPF)", async () => {
    const d = await registeredDomain(customSpf);
    const results = await Promise.all([setupDomainDns(getDb(), d.id), setupDomainDns(getDb(), d.id)]);
    expect(results).toEqual([{ state: "done" }, { state: "done" }]);
    const z = await zone(d.name);
    expect(rrset(z, d.name, "TXT").map(joinTxt)).toEqual([`v=spf1 ip4:${SENDING_IP} ~all`]);
    const after = await load(d.id);
    expect(rrset(z, `coldframe._domainkey.${d.name}`, "TXT").map(joinTxt)).toEqual([
      `v=DKIM1; k=rsa; p=${after.dkimPublicKey}`,
    ]);
    expect(await expectedRows(d.id)).toHaveLength(9);
  });
});

describe("the verify-dns job", () => {
  const ctx = { jobId: "test", retryCount: 0, log: logger };
  const queuedVerify = async (domainId: string) =>
    (
      await getDb().execute<{ start_after: Date }>(
        sql`select start_after from pgboss.job where name = 'domains.verify-dns' and data->>'domainId' = ${domainId} and state = 'created' order by created_on desc`,
      )
    ).rows;

  it("checks again later while a record is missing, and gives up after 48 hours naming it", async () => {
    const d = await registeredDomain(customSpf);
    await setupDomainDns(getDb(), d.id);
    await dns.deleteRecord(`_dmarc.${d.name}`, "TXT");

    // 10 minutes in: another check queued, 5 minutes out (half the time so far)
    await getDb()
      .update(domains)
      .set({ dnsVerifyStartedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(domains.id, d.id));
    const before = (await queuedVerify(d.id)).length;
    await runDnsVerification(getDb(), d.id, ctx);
    const queued = await queuedVerify(d.id);
    expect(queued.length).toBe(before + 1);
    const delay = new Date(queued[0]!.start_after).getTime() - Date.now();
    expect(delay).toBeGreaterThan(4 * 60_000);
    expect(delay).toBeLessThanOrEqual(5 * 60_000 + 1000);
    let after = await load(d.id);
    expect(after.status).toBe("verifying_dns");
    expect(after.dnsProgress?.steps.find((s) => s.key === "verify")?.detail).toBe(
      `waiting for DMARC TXT _dmarc.${d.name} (missing)`,
    );

    // 49 hours in: no more checks, the reason names the record
    await getDb()
      .update(domains)
      .set({ dnsVerifyStartedAt: new Date(Date.now() - 49 * 3600_000) })
      .where(eq(domains.id, d.id));
    await runDnsVerification(getDb(), d.id, ctx);
    expect((await queuedVerify(d.id)).length).toBe(queued.length);
    after = await load(d.id);
    expect(after.status).toBe("verifying_dns");
    expect(after.statusReason).toBe(
      `After 48 hours these records are still not visible everywhere: DMARC TXT _dmarc.${d.name} (missing)`,
    );
    expect(after.dnsProgress?.steps.find((s) => s.key === "verify")?.state).toBe("failed");
  });
});

describe("SPF lookup counting through real DNS", () => {
  it("counts include/a/mx/exists/redirect terms through nested includes, with void lookups and loops", async () => {
    const base = uniqueName();
    await dns.createZone(base);
    await dns.setRecord(`_spf.${base}`, "TXT", [`v=spf1 include:_inner.${base} a mx ip4:192.0.2.1 ~all`]);
    await dns.setRecord(`_inner.${base}`, "TXT", [`v=spf1 exists:%{i}.x.${base} -all`]);
    await dns.setRecord(`_loop.${base}`, "TXT", [`v=spf1 include:_loop.${base} -all`]);
    await dns.setRecord(`_redir.${base}`, "TXT", [`v=spf1 redirect=_spf.${base}`]);
    // inside an include, a bare `a`/`mx` means the included name
    await dns.setRecord(`_spf.${base}`, "A", ["192.0.2.1"]);
    const r = dnsResolver([dns.address]);

    // include (1); in _spf: include (1), a (1, found), mx (1, no MX: void); in _inner: exists (1)
    const nested = await countSpfLookups(`v=spf1 include:_spf.${base} -all`, base, r);
    expect(nested).toMatchObject({ lookups: 5, voidLookups: 1, problems: [] });
    // include (1) + the redirect (1) + the 4 behind it
    expect((await countSpfLookups(`v=spf1 include:_redir.${base} -all`, base, r)).lookups).toBe(6);
    const loop = await countSpfLookups(`v=spf1 include:_loop.${base} -all`, base, r);
    expect(loop.problems).toContain(`SPF loop through _loop.${base}`);
    const missing = await countSpfLookups(`v=spf1 include:_none.${base} -all`, base, r);
    expect(missing).toMatchObject({
      lookups: 1,
      voidLookups: 1,
      problems: [`_none.${base} has no SPF record`],
    });
  });
});

describe("propagation and mail authentication through real DNS queries", () => {
  let d: Domain;
  beforeAll(async () => {
    d = await registeredDomain(customSpf);
    await setupDomainDns(getDb(), d.id);
    d = await load(d.id);
  });

  it("sees every record at the authoritative server and the resolver, and flips a deleted or changed record", async () => {
    const records = await checkPropagation(getDb(), d.id);
    expect(records).toHaveLength(9);
    for (const r of records) {
      expect(r.state, `${r.purpose} ${r.name}`).toBe("propagated");
      expect(r.checks.map((c) => [c.server, c.state])).toEqual([
        [`authoritative:${dns.address}`, "propagated"],
        [dns.address, "propagated"],
      ]);
    }
    const dkim = records.find((r) => r.purpose === "dkim")!;
    expect(dkim.checks[0]!.found).toEqual([`v=DKIM1; k=rsa; p=${d.dkimPublicKey}`]);

    await dns.deleteRecord(`_dmarc.${d.name}`, "TXT");
    await dns.setRecord(`track.${d.name}`, "CNAME", ["elsewhere.example.net"]);
    const after = await checkPropagation(getDb(), d.id);
    const byPurpose = (p: string) => after.find((r) => r.purpose === p)!;
    expect(byPurpose("dmarc").state).toBe("missing");
    expect(byPurpose("dmarc").checks.every((c) => c.state === "missing" && c.found.length === 0)).toBe(true);
    expect(byPurpose("tracking").state).toBe("mismatch");
    expect(byPurpose("tracking").checks[0]!.found).toEqual(["elsewhere.example.net"]);
    expect(byPurpose("spf").state).toBe("propagated");
    const stored = (await expectedRows(d.id)).find((r) => r.purpose === "dmarc")!;
    expect(stored.state).toBe("missing");
    expect(stored.checkedAt).not.toBeNull();

    // setup puts them back
    await setupDomainDns(getDb(), d.id);
    expect((await checkPropagation(getDb(), d.id)).every((r) => r.state === "propagated")).toBe(true);
  });

  it("a message signed with the generated key passes DKIM, SPF for the sending IP, and DMARC (mailauth, local resolver)", async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "\r\n" });
    const info = await transport.sendMail({
      from: `alice@${d.name}`,
      to: "bob@receiver.test",
      subject: "hello",
      text: "DKIM test",
      dkim: {
        domainName: d.name,
        keySelector: d.dkimSelector!,
        privateKey: decryptSecret(d.dkimPrivateKeyEnc!),
      },
    });
    const result = await authenticate(info.message as Buffer, {
      ip: SENDING_IP,
      helo: "mail.sender.test",
      sender: `alice@${d.name}`,
      mta: "mx.receiver.test",
      resolver: mailauthResolver([dns.address]) as never,
    });
    expect(result.dkim.results[0]?.status.result).toBe("pass");
    expect(result.dkim.results[0]?.signingDomain).toBe(d.name);
    expect(result.spf).toMatchObject({ status: { result: "pass" } });
    expect(result.dmarc).toMatchObject({ status: { result: "pass" } });

    // and another IP is not authorized (~all): softfail
    const other = await authenticate(info.message as Buffer, {
      ip: "198.51.100.1",
      helo: "mail.sender.test",
      sender: `alice@${d.name}`,
      mta: "mx.receiver.test",
      resolver: mailauthResolver([dns.address]) as never,
    });
    expect(other.spf).toMatchObject({ status: { result: "softfail" } });
  });
});

describe("the job pipeline and bring-your-own-domain through the API", () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    const names = ["domains.setup-dns", "domains.verify-dns"];
    worker = await startWorker({
      databaseUrl: process.env.DATABASE_URL!,
      definitions: jobs.filter((j) => names.includes(j.name)),
      handlers: handlers as never,
    });
  });
  afterAll(() => worker?.stop(5_000));

  type DnsView = {
    mode: string;
    provider: string | null;
    status: string;
    records: {
      purpose: string;
      name: string;
      type: string;
      content: string;
      priority: number | null;
      state: string;
    }[];
  };

  it("managed: setup-dns → verify-dns → active through the real worker", async () => {
    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      trackingHost: `track.${name}`,
      dns: { mode: "managed" },
      settings: customSpf,
    });
    expect(res.status).toBe(201);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe("configuring_dns");
    await until("the domain to become active", async () => (await load(id)).status === "active", {
      timeoutMs: 60_000,
    });
    const view = (await (await client.get(`/api/v1/domains/${id}/dns`)).json()) as DnsView;
    expect(view.mode).toBe("managed");
    expect(view.provider).toBe("powerdns");
    expect(view.records.length).toBe(9);
    expect(view.records.every((r) => r.state === "propagated")).toBe(true);
    const d = await load(id);
    expect(d.dnsProgress?.steps.every((s) => s.state === "done")).toBe(true);
  });

  it("managed through the workspace's own PowerDNS account: its API, its nameservers", async () => {
    const acct = await client.post("/api/v1/provider-accounts", {
      provider: "powerdns",
      kind: "dns",
      label: "Our PowerDNS",
      apiUrl: dns.apiUrl,
      apiKey: dns.apiKey,
      serverId: "localhost",
      nameservers: ["ns1.own-dns.test", "ns2.own-dns.test"],
    });
    expect(acct.status).toBe(201);
    const accountId = ((await acct.json()) as { id: string }).id;
    expect(await verifyDnsAccount(getDb(), accountId)).toBeNull();

    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      dns: { mode: "managed", accountId },
      settings: customSpf,
    });
    const { id } = (await res.json()) as { id: string };
    await until("the domain to become active", async () => (await load(id)).status === "active", {
      timeoutMs: 60_000,
    });
    const d = await load(id);
    expect(d.dnsAccountId).toBe(accountId);
    // added by hand without a tracking host: none is invented
    expect(d.trackingHost).toBeNull();
    expect((await expectedRows(id)).some((r) => r.purpose === "tracking")).toBe(false);
    expect(rrset(await zone(name), name, "NS").sort()).toEqual(["ns1.own-dns.test.", "ns2.own-dns.test."]);
    expect(d.dnsProgress?.steps.find((s) => s.key === "nameservers")?.detail).toBe(
      "set these nameservers at the domain's registrar: ns1.own-dns.test, ns2.own-dns.test",
    );
  });

  it("a purchased domain handed over by the purchase job reaches active with no human step, then a health check is queued", async () => {
    const name = uniqueName();
    const now = new Date();
    namecom.registered.set(name, {
      name,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 365 * 86400_000),
      nameservers: ["ns1.name.com", "ns2.name.com"],
    });
    // the mailbox that will send as the domain, on the team's own mail server
    const server = `mail.${randomBytes(4).toString("hex")}.test`;
    await dns.createZone(server.slice(5));
    await dns.setRecord(server, "A", [SENDING_IP]);
    await getDb()
      .insert(mailboxes)
      .values({ id: randomUUID(), workspaceId, email: `sales@${name}`, provider: "smtp", smtpHost: server });
    // as the purchase job leaves it: registered at Name.com, no DNS choices made
    const d = await registeredDomain(null, name, {
      registrar: "namecom",
      status: "configuring_dns",
      dnsMode: null,
      domainCreatedAt: now,
    });
    await enqueue("domains.setup-dns", { domainId: d.id });
    await until("the purchased domain to become active", async () => (await load(d.id)).status === "active", {
      timeoutMs: 60_000,
    });
    expect(namecom.registered.get(name)?.nameservers).toEqual(["ns1.coldframe.test", "ns2.coldframe.test"]);
    const rows = await expectedRows(d.id);
    expect(rows.map((r) => r.purpose).sort()).toEqual(["dkim", "dmarc", "mx", "spf", "tracking"]);
    expect(rows.every((r) => r.state === "propagated")).toBe(true);
    expect(rows.find((r) => r.purpose === "mx")?.content).toBe(server);

    // and every mark the domains list shows is green
    const health = await checkDomainHealth(getDb(), d.id);
    const marks = Object.fromEntries(health.items.map((i) => [i.key, i.state]));
    expect({
      spf: marks.spf,
      dkim: marks.dkim,
      dmarc: marks.dmarc,
      mx: marks.mx,
      tracking: marks.tracking,
    }).toEqual({
      spf: "pass",
      dkim: "pass",
      dmarc: "pass",
      mx: "pass",
      tracking: "pass",
    });
    const queued = await getDb().execute(
      sql`select id from pgboss.job where name = 'domains.health-check' and data->>'domainId' = ${d.id}`,
    );
    expect(queued.rows).toHaveLength(1);
  });

  it("PUT /dns/settings applies new choices through setup again; POST /dns/setup re-runs it", async () => {
    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      trackingHost: `track.${name}`,
      dns: { mode: "managed" },
      settings: customSpf,
    });
    const { id } = (await res.json()) as { id: string };
    await until("the domain to become active", async () => (await load(id)).status === "active", {
      timeoutMs: 60_000,
    });

    const put = await client.request(`/api/v1/domains/${id}/dns/settings`, {
      method: "PUT",
      json: {
        spf: { preset: "google" },
        dmarc: { policy: "reject", rua: "reports@dmarc.example" },
        mx: { preset: "none" },
      },
    });
    expect(put.status).toBe(200);
    // the sending IP the old choice added is taken back, Google's include added: still one record
    await until(
      "SPF switched to Google",
      async () =>
        rrset(await zone(name), name, "TXT")
          .map(joinTxt)
          .join("|") === "v=spf1 include:_spf.google.com ~all",
      { timeoutMs: 60_000 },
    );
    await until(
      "the stricter DMARC record",
      async () =>
        rrset(await zone(name), `_dmarc.${name}`, "TXT")
          .map(joinTxt)
          .includes("v=DMARC1; p=reject; rua=mailto:reports@dmarc.example; adkim=r; aspf=r"),
      { timeoutMs: 60_000 },
    );
    await until("the domain to become active again", async () => (await load(id)).status === "active", {
      timeoutMs: 60_000,
    });
    const view = (await (await client.get(`/api/v1/domains/${id}/dns`)).json()) as DnsView;
    expect(view.records.filter((r) => r.purpose === "dmarc").map((r) => r.content)).toEqual([
      "v=DMARC1; p=reject; rua=mailto:reports@dmarc.example; adkim=r; aspf=r",
    ]);
    expect(view.records.some((r) => r.purpose === "mx")).toBe(false);

    // a record changed by hand comes back with "setup"
    await dns.deleteRecord(`track.${name}`, "CNAME");
    const setup = await client.post(`/api/v1/domains/${id}/dns/setup`);
    expect(setup.status).toBe(202);
    await until(
      "the tracking CNAME to be back",
      async () => rrset(await zone(name), `track.${name}`, "CNAME").includes(`${TRACKING_TARGET}.`),
      { timeoutMs: 60_000 },
    );

    const badPut = await client.request(`/api/v1/domains/${id}/dns/settings`, {
      method: "PUT",
      json: { spf: { preset: "custom" } },
    });
    expect(badPut.status).toBe(400);
    expect(await badPut.text()).toContain("a custom SPF needs at least one SMTP host or IP");
  });

  it("manual: lists the exact records to paste; once pasted, the check passes and the domain goes active", async () => {
    const name = uniqueName();
    const res = await client.post("/api/v1/domains", {
      name,
      trackingHost: `links.${name}`,
      dns: { mode: "manual" },
      settings: { spf: { preset: "custom", ips: [SENDING_IP] } },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    const view = (await (await client.get(`/api/v1/domains/${id}/dns`)).json()) as DnsView;
    expect(view.mode).toBe("manual");
    expect(view.status).toBe("verifying_dns");
    const d = await load(id);
    expect(view.records.map((r) => [r.purpose, r.type, r.name, r.content]).sort()).toEqual(
      [
        ["dkim", "TXT", `coldframe._domainkey.${name}`, `v=DKIM1; k=rsa; p=${d.dkimPublicKey}`],
        ["dmarc", "TXT", `_dmarc.${name}`, `v=DMARC1; p=none; rua=mailto:dmarc@${name}; adkim=r; aspf=r`],
        ["spf", "TXT", name, `v=spf1 ip4:${SENDING_IP} ~all`],
        ["tracking", "CNAME", `links.${name}`, TRACKING_TARGET],
      ].sort(),
    );

    // the owner's DNS host has the zone, nothing pasted yet: every record missing
    await dns.createZone(name);
    let checked = (await (await client.post(`/api/v1/domains/${id}/dns/check`)).json()) as DnsView;
    expect(checked.records.map((r) => r.state)).toEqual(["missing", "missing", "missing", "missing"]);

    // the owner pastes them at their DNS host
    for (const r of view.records) await dns.setRecord(r.name, r.type, [r.content]);
    checked = (await (await client.post(`/api/v1/domains/${id}/dns/check`)).json()) as DnsView;
    expect(checked.records.map((r) => r.state)).toEqual([
      "propagated",
      "propagated",
      "propagated",
      "propagated",
    ]);
    await until("the domain to become active", async () => (await load(id)).status === "active", {
      timeoutMs: 60_000,
    });

    // manual DNS has nothing to set up
    const setup = await client.post(`/api/v1/domains/${id}/dns/setup`);
    expect(setup.status).toBe(400);
    expect(await setup.text()).toContain("uses manual DNS");

    // new choices: the record to paste changes (the old IP taken back, merged with what is published)
    const put = await client.request(`/api/v1/domains/${id}/dns/settings`, {
      method: "PUT",
      json: { spf: { preset: "google" } },
    });
    expect(put.status).toBe(200);
    const changed = (await put.json()) as DnsView;
    expect(changed.status).toBe("verifying_dns");
    expect(changed.records.filter((r) => r.purpose === "spf").map((r) => r.content)).toEqual([
      "v=spf1 include:_spf.google.com ~all",
    ]);
    checked = (await (await client.post(`/api/v1/domains/${id}/dns/check`)).json()) as DnsView;
    expect(checked.records.find((r) => r.purpose === "spf")?.state).toBe("mismatch");
    await dns.setRecord(name, "TXT", ["v=spf1 include:_spf.google.com ~all"]);
    checked = (await (await client.post(`/api/v1/domains/${id}/dns/check`)).json()) as DnsView;
    expect(checked.records.every((r) => r.state === "propagated")).toBe(true);
  });

  it("refuses bad input with 4xx and a clear message", async () => {
    const bad = await client.post("/api/v1/domains", {
      name: uniqueName(),
      dns: { mode: "managed", accountId: "no-such-account" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /DNS provider account/,
    );

    const badSpf = await client.post("/api/v1/domains", {
      name: uniqueName(),
      dns: { mode: "manual" },
      settings: { spf: { preset: "custom", ips: ["not-an-ip"] } },
    });
    expect(badSpf.status).toBe(400);

    const missing = await client.get(`/api/v1/domains/${randomUUID()}/dns`);
    expect(missing.status).toBe(404);
  });
});
