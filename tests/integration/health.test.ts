import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { domainHealthChecks, domains, events, mailboxes, webhookDeliveries } from "../../src/lib/db/schema";
import { queueHealthChecks } from "../../src/lib/domains/queue-health-checks";
import { runDnsVerification } from "../../src/lib/domains/run-dns-verification";
import { logger } from "../../src/lib/logger";
import { jobs } from "../../src/lib/queue/jobs";
import { startWorker } from "../../src/lib/queue/run-worker";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { type FakeRdap, startFakeRdap } from "./fakes/rdap";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, dnsServerEnv, startDnsServer } from "./helpers/dns-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

type Item = { key: string; state: string; pointsLost: number; reason?: string };
type Health = {
  latest: { score: number; state: string; items: Item[]; changed: boolean } | null;
  age: { createdAt: string | null; days: number | null; isNew: boolean; warning: string | null };
  history: { checkedAt: string; score: number; state: string }[];
};
type Record_ = {
  purpose: string;
  name: string;
  type: string;
  content: string;
  priority: number | null;
  state: string;
};
type Overview = {
  id: string;
  name: string;
  health: { score: number; state: string } | null;
  age: { isNew: boolean; warning: string | null };
  marks: Record<"spf" | "dkim" | "dmarc" | "mx", string>;
};

const TRACKING_TARGET = "app.coldframe.test";
const DAY = 86_400_000;

let dns: DnsServer;
let rdap: FakeRdap;
let app: AppServer;
let owner: Awaited<ReturnType<typeof signUp>>;

/** A real HTTP receiver for the workspace's webhook endpoint. */
async function startReceiver() {
  const bodies: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    bodies.push(Buffer.concat(chunks).toString("utf8"));
    res.writeHead(200).end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  dns = await startDnsServer();
  rdap = await startFakeRdap({ tlds: ["com", "net"] });
  app = await startAppServer({
    ...dnsServerEnv(dns),
    RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
    TRACKING_CNAME_TARGET: TRACKING_TARGET,
    // the real list names, served by the local PowerDNS (DNSBL_RESOLVER): the production decoding
    DNSBL_ZONES: "dbl.spamhaus.org,multi.uribl.com",
  });
  await dns.createZone("dbl.spamhaus.org");
  await dns.createZone("multi.uribl.com");
  receiver = await startReceiver();
  owner = await signUp(app.url);
  const hook = await owner.client.post("/api/v1/webhooks", {
    url: receiver.url,
    eventTypes: ["domain.health_changed"],
  });
  expect(hook.status).toBe(201);
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
  await rdap?.close();
  await dns?.close();
});

let n = 0;
const uniqueName = (label: string) => `${label}-${Date.now().toString(36)}${++n}.com`;

/**
 * A domain added by hand with its DNS pasted by the user: the API stores the records it needs,
 * and the "user" publishes each of them at their DNS host (the PowerDNS zone), as the page says.
 * The verification job then makes it active. Its mailbox sends through an SMTP server at 127.0.0.1, which the SPF record authorizes.
 */
async function addPublishedDomain(client: HttpClient, workspaceId: string, opts: { ageDays?: number } = {}) {
  const name = uniqueName("outreach");
  rdap.domains.set(name, { createdAt: new Date(Date.now() - (opts.ageDays ?? 400) * DAY) });
  const res = await client.post("/api/v1/domains", {
    name,
    trackingHost: `track.${name}`,
    dns: { mode: "manual" },
    settings: {
      spf: { preset: "custom", ips: ["127.0.0.1"] },
      dmarc: { policy: "none", rua: `dmarc@${name}` },
      mx: { preset: "custom", hosts: [{ host: `mx.${name}`, priority: 10 }] },
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const domain = (await res.json()) as { id: string; name: string };
  const records = (
    (await (await client.get(`/api/v1/domains/${domain.id}/dns`)).json()) as { records: Record_[] }
  ).records;
  expect(records.map((r) => r.purpose).sort()).toEqual(
    expect.arrayContaining(["dkim", "dmarc", "mx", "spf", "tracking"]),
  );
  await dns.createZone(name);
  const byRrset = new Map<string, Record_[]>();
  for (const r of records)
    byRrset.set(`${r.name} ${r.type}`, [...(byRrset.get(`${r.name} ${r.type}`) ?? []), r]);
  for (const rs of byRrset.values()) {
    const { name: rname, type } = rs[0]!;
    await dns.setRecord(
      rname,
      type,
      rs.map((r) => (type === "MX" ? `${r.priority ?? 10} ${r.content}` : r.content)),
    );
  }
  // the verification job sees every record and makes the domain active
  await runDnsVerification(getDb(), domain.id, { log: logger });
  const [row] = await getDb()
    .select({ status: domains.status })
    .from(domains)
    .where(eq(domains.id, domain.id));
  expect(row!.status).toBe("active");
  await getDb()
    .insert(mailboxes)
    .values({
      id: crypto.randomUUID(),
      workspaceId,
      email: `ann@${name}`,
      provider: "smtp",
      smtpHost: "127.0.0.1",
      smtpPort: 2525,
    });
  return { ...domain, records };
}

async function checkNow(client: HttpClient, id: string) {
  const res = await client.post(`/api/v1/domains/${id}/health/check`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { health: Health; records: Record_[] };
}
const item = (h: Health, key: string) => h.latest!.items.find((i) => i.key === key)!;

describe("domain health against a real DNS server", () => {
  let domain: Awaited<ReturnType<typeof addPublishedDomain>>;
  let first: Health;

  it("a fully set-up domain scores high, healthy, with every mark passing", async () => {
    domain = await addPublishedDomain(owner.client, owner.workspaceId);
    const { health, records } = await checkNow(owner.client, domain.id);
    first = health;
    expect(
      records.every((r) => r.state === "propagated"),
      JSON.stringify(records),
    ).toBe(true);
    expect(health.latest!.state).toBe("healthy");
    for (const key of ["spf", "dkim", "mx", "blacklist", "age", "tracking"]) {
      expect(item(health, key), key).toMatchObject({ state: "pass", pointsLost: 0 });
    }
    // p=none is the only thing left to improve, with the advice to tighten it once warmed up
    expect(item(health, "dmarc")).toMatchObject({ state: "pass", pointsLost: 5 });
    expect(item(health, "dmarc").reason).toMatch(/quarantine once the domain is warmed up/);
    expect(health.latest!.score).toBe(95);
    expect(health.age).toMatchObject({ isNew: false, warning: null });
    expect(health.age.days).toBeGreaterThanOrEqual(399);

    const [row] = await getDb().select().from(domains).where(eq(domains.id, domain.id));
    expect(row).toMatchObject({ healthScore: 95, healthState: "healthy" });
    expect(row!.domainCreatedAt!.getTime()).toBe(rdap.domains.get(domain.name)!.createdAt.getTime());

    const list = (await (await owner.client.get("/api/v1/domains/overview")).json()) as { data: Overview[] };
    expect(list.data.find((d) => d.id === domain.id)).toMatchObject({
      health: { score: 95, state: "healthy" },
      marks: { spf: "pass", dkim: "pass", dmarc: "pass", mx: "pass" },
      age: { isNew: false },
    });
  });

  it("deleting the DKIM record flips its mark, lowers the score with the reason, and emits domain.health_changed", async () => {
    const dkim = domain.records.find((r) => r.purpose === "dkim")!;
    await dns.deleteRecord(dkim.name, "TXT");
    const { health, records } = await checkNow(owner.client, domain.id);
    expect(records.find((r) => r.purpose === "dkim")!.state).toBe("missing");
    expect(item(health, "dkim")).toMatchObject({ state: "fail", pointsLost: 25 });
    expect(item(health, "dkim").reason).toBe(`no DKIM record at ${dkim.name}`);
    expect(health.latest).toMatchObject({ score: 70, state: "warning", changed: true });

    const list = (await (await owner.client.get("/api/v1/domains/overview")).json()) as { data: Overview[] };
    expect(list.data.find((d) => d.id === domain.id)!.marks).toEqual({
      spf: "pass",
      dkim: "fail",
      dmarc: "pass",
      mx: "pass",
    });

    const emitted = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, owner.workspaceId), eq(events.type, "domain.health_changed")));
    const change = emitted.find((e) => e.payload.state === "warning" && e.payload.domainId === domain.id);
    expect(change?.payload).toMatchObject({
      previousState: "healthy",
      previousScore: 95,
      score: 70,
      domain: domain.name,
    });
    expect((change!.payload.problems as Item[]).map((p) => p.key)).toContain("dkim");
    const deliveries = await getDb()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, change!.id));
    expect(deliveries).toHaveLength(1);
  });

  it("the same state again is no change: no new event; the history keeps every check in order", async () => {
    const before = await getDb().select().from(events).where(eq(events.workspaceId, owner.workspaceId));
    const { health } = await checkNow(owner.client, domain.id);
    expect(health.latest).toMatchObject({ score: 70, state: "warning", changed: false });
    const after = await getDb().select().from(events).where(eq(events.workspaceId, owner.workspaceId));
    expect(after.length).toBe(before.length);

    const got = (await (await owner.client.get(`/api/v1/domains/${domain.id}/health`)).json()) as Health;
    expect(got.history.map((h) => [h.score, h.state])).toEqual([
      [first.latest!.score, "healthy"],
      [70, "warning"],
      [70, "warning"],
    ]);
    const rows = await getDb()
      .select()
      .from(domainHealthChecks)
      .where(eq(domainHealthChecks.domainId, domain.id));
    expect(rows.map((r) => r.changed).sort()).toEqual([false, true, true]);
  });

  it("deleting the SPF record fails SPF with its reason", async () => {
    await dns.deleteRecord(domain.name, "TXT");
    const { health } = await checkNow(owner.client, domain.id);
    expect(item(health, "spf")).toMatchObject({ state: "fail", pointsLost: 25 });
    expect(item(health, "spf").reason).toMatch(`no SPF record at ${domain.name}`);
    expect(health.latest!.score).toBe(45);
    expect(health.latest!.state).toBe("critical");
  });
});

describe("SPF senders, blocklists, age", () => {
  it("a mailbox whose SMTP server the SPF record does not authorize fails SPF, named, evaluated for real", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId);
    await getDb()
      .insert(mailboxes)
      .values({
        id: crypto.randomUUID(),
        workspaceId: owner.workspaceId,
        email: `bob@${d.name}`,
        provider: "smtp",
        smtpHost: "192.0.2.25",
        smtpPort: 587,
      });
    const { health } = await checkNow(owner.client, d.id);
    expect(item(health, "spf")).toMatchObject({ state: "fail", pointsLost: 15 });
    expect(item(health, "spf").reason).toBe(
      `does not authorize bob@${d.name} (192.0.2.25 softfail): their emails fail SPF`,
    );
    expect(health.latest).toMatchObject({ score: 80, state: "warning" });
  });

  it("a listing in a DNSBL zone (Spamhaus DBL 127.0.1.2) lowers the score and makes the domain critical", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId);
    await dns.setRecord(`${d.name}.dbl.spamhaus.org`, "A", ["127.0.1.2"]);
    const { health } = await checkNow(owner.client, d.id);
    expect(item(health, "blacklist")).toMatchObject({
      state: "fail",
      pointsLost: 15,
      reason: "listed on dbl.spamhaus.org (spam domain)",
    });
    expect(health.latest).toMatchObject({ score: 80, state: "critical" });
  });

  it("a refusal code (Spamhaus 127.255.255.254, URIBL 127.0.0.1) reads unknown, never listed, and costs nothing", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId);
    await dns.setRecord(`${d.name}.dbl.spamhaus.org`, "A", ["127.255.255.254"]);
    await dns.setRecord(`${d.name}.multi.uribl.com`, "A", ["127.0.0.1"]);
    const { health } = await checkNow(owner.client, d.id);
    const bl = item(health, "blacklist") as Item & { details: { zones: { zone: string; state: string }[] } };
    expect(bl).toMatchObject({ state: "unknown", pointsLost: 0 });
    expect(bl.details.zones.map((z) => [z.zone, z.state])).toEqual([
      ["dbl.spamhaus.org", "unknown"],
      ["multi.uribl.com", "unknown"],
    ]);
    expect(bl.reason).toMatch(/public or open resolver/);
    expect(bl.reason).toMatch(/URIBL refused/);
    expect(health.latest).toMatchObject({ score: 95, state: "healthy" });
  });

  it("an RDAP registration date 10 days ago gives the age warning", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId, { ageDays: 10 });
    const { health } = await checkNow(owner.client, d.id);
    expect(health.age).toMatchObject({ days: 10, isNew: true, warning: "new domain — ramp up slowly" });
    expect(item(health, "age")).toMatchObject({ state: "warn", pointsLost: 5 });
    expect(item(health, "age").reason).toMatch(/^new domain — ramp up slowly \(registered 10 days ago/);
    expect(rdap.lookups).toContain(d.name);

    const list = (await (await owner.client.get("/api/v1/domains/overview")).json()) as { data: Overview[] };
    expect(list.data.find((x) => x.id === d.id)!.age).toMatchObject({
      isNew: true,
      warning: "new domain — ramp up slowly",
    });
    // the date is kept: the next check does not ask RDAP again
    const lookups = rdap.lookups.length;
    await checkNow(owner.client, d.id);
    expect(rdap.lookups.length).toBe(lookups);
  });

  it("an RDAP failure says what failed and that the next check retries, and the next check does", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId, { ageDays: 30 });
    rdap.rateLimitNext(1, 1);
    const first = await checkNow(owner.client, d.id);
    expect(item(first.health, "age")).toMatchObject({ state: "unknown" });
    expect(item(first.health, "age").reason).toMatch(
      /^could not read the registration date: the registry's RDAP service failed \(.*rate limiting lookups\); the next health check tries again$/,
    );
    const second = await checkNow(owner.client, d.id);
    expect(second.health.age).toMatchObject({ days: 30, isNew: false });
  });
});

describe("jobs and access", () => {
  it("the daily run queues a check per active domain and a real worker runs them", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId);
    const { queued } = await queueHealthChecks(getDb());
    expect(queued).toBeGreaterThanOrEqual(1);
    const worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers });
    try {
      const rows = await until(
        "the worker to run the health check",
        async () => {
          const found = await getDb()
            .select()
            .from(domainHealthChecks)
            .where(eq(domainHealthChecks.domainId, d.id))
            .orderBy(domainHealthChecks.checkedAt);
          return found.length > 0 && found;
        },
        { timeoutMs: 30_000 },
      );
      expect(rows[0]).toMatchObject({ score: 95, state: "healthy", changed: true });
    } finally {
      await worker.stop(5_000);
    }
  });

  it("another workspace's domain is not found", async () => {
    const d = await addPublishedDomain(owner.client, owner.workspaceId);
    const other = await signUp(app.url);
    expect((await other.client.get(`/api/v1/domains/${d.id}/health`)).status).toBe(404);
    expect((await other.client.post(`/api/v1/domains/${d.id}/health/check`)).status).toBe(404);
    const list = (await (await other.client.get("/api/v1/domains/overview")).json()) as { data: Overview[] };
    expect(list.data).toEqual([]);
  });
});
