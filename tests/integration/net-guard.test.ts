import { Resolver } from "node:dns/promises";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import { mailboxes, providerAccounts, webhookDeliveries, webhookEndpoints } from "../../src/lib/db/schema";
import { createMailboxTransport } from "../../src/lib/mailboxes/create-mailbox-transport";
import { deliverWebhook } from "../../src/lib/webhooks/deliver-webhook";
import { emitEvent } from "../../src/lib/webhooks/emit-event";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type DnsServer, startDnsServer } from "./helpers/dns-server";
import { signUp } from "./helpers/users";

// The attacks of issue 10 against the outbound network guard, through the API as a stranger with
// their own workspace would make them: real HTTP servers on loopback stand for the internal
// network, a real PowerDNS serves the re-pointed name. ALLOWED_PRIVATE_HOSTS decides alone: the
// tests set it as an operator would, and NODE_ENV plays no part.

const SECRET = "internal-only-4b1d-secret";
type Hit = { path: string };

/** An "internal service": records every request and answers by path prefix. */
async function startInternal(redirectTo?: string) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? "";
    hits.push({ path });
    if (path.startsWith("/redirect"))
      res.writeHead(302, { Location: `${redirectTo}/api/v1/servers/localhost` }).end();
    else if (path.startsWith("/html500"))
      res.writeHead(500, { "Content-Type": "text/html" }).end(`<p>${SECRET}</p>`);
    else if (path.startsWith("/plain200"))
      res.writeHead(200, { "Content-Type": "text/plain" }).end(`ok ${SECRET}`);
    else if (path.startsWith("/fakejson"))
      res.writeHead(200, { "Content-Type": "application/json" }).end(`{"broken": "${SECRET}`);
    else if (path.startsWith("/huge")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(`"${"x".repeat(3 * 1024 * 1024)}${SECRET}"`);
    } else res.writeHead(200, { "Content-Type": "text/plain" }).end(`${SECRET} at ${path}`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let app: AppServer;
let internal: Awaited<ReturnType<typeof startInternal>>;
let elsewhere: Awaited<ReturnType<typeof startInternal>>;
const allowedInTests = process.env.ALLOWED_PRIVATE_HOSTS;

/** What the operator configured, for every process (the app server here runs in this one). */
function allowPrivate(value: string) {
  process.env.ALLOWED_PRIVATE_HOSTS = value;
  resetEnvCache();
}

beforeAll(async () => {
  app = await startAppServer();
  elsewhere = await startInternal();
  internal = await startInternal(elsewhere.url);
});
afterEach(() => {
  allowPrivate(allowedInTests ?? "");
  internal.hits.length = 0;
  elsewhere.hits.length = 0;
});
afterAll(async () => {
  await internal?.close();
  await elsewhere?.close();
  await app?.close();
});

describe("a workspace's PowerDNS account cannot read internal services", () => {
  const account = (apiUrl: string) => ({
    provider: "powerdns",
    label: "PDNS",
    apiUrl,
    apiKey: "k",
    nameservers: ["ns1.coldframe.test"],
  });

  it("refuses at creation an apiUrl with a query, a fragment or user:password@ (400), and calls nothing", async () => {
    const { client } = await signUp(app.url);
    for (const [apiUrl, why] of [
      [`${internal.url}/admin/secret?q=`, /must not contain a query \(\?\) or fragment \(#\)/],
      [`${internal.url}/admin/secret?`, /must not contain a query/],
      [`${internal.url}/admin/secret#`, /must not contain a query/],
      [`http://admin:pw@${internal.url.slice(7)}/`, /must not contain a user name or password/],
    ] as const) {
      const res = await client.post("/api/v1/provider-accounts", account(apiUrl));
      expect(res.status, apiUrl).toBe(400);
      const { error } = (await res.json()) as { error: { fields: { apiUrl: string[] } } };
      expect(error.fields.apiUrl).toEqual([expect.stringMatching(why)]);
    }
    expect((await (await client.get("/api/v1/provider-accounts")).json()).data).toEqual([]);
    expect(internal.hits).toEqual([]);
  });

  it("without an allowance, 'test connection' is refused and the internal server receives no request", async () => {
    allowPrivate("");
    const { client } = await signUp(app.url);
    const created = await client.post("/api/v1/provider-accounts", account(`${internal.url}/admin/secret`));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const test = await client.post(`/api/v1/provider-accounts/${id}/test`);
    expect(test.status).toBe(200);
    expect(await test.json()).toMatchObject({
      ok: false,
      error:
        "PowerDNS API URL refused: 127.0.0.1 is a private address; an operator can allow it with ALLOWED_PRIVATE_HOSTS",
      account: { status: "error" },
    });
    expect(internal.hits).toEqual([]);
  });

  describe("with the host allowed (a self-hoster's own PowerDNS)", () => {
    async function testAccount(prefix: string) {
      const { client } = await signUp(app.url);
      const created = await client.post("/api/v1/provider-accounts", account(`${internal.url}${prefix}`));
      const { id } = (await created.json()) as { id: string };
      const res = await client.post(`/api/v1/provider-accounts/${id}/test`);
      const text = await res.text();
      const [row] = await getDb().select().from(providerAccounts).where(eq(providerAccounts.id, id));
      return {
        status: res.status,
        text,
        body: JSON.parse(text) as { ok: boolean; error: string },
        row: row!,
      };
    }

    it("does not follow a redirect: the server it points to receives nothing", async () => {
      const { body } = await testAccount("/redirect");
      expect(body.ok).toBe(false);
      expect(body.error).toMatch(/answered 302 \(a redirect; redirects are not followed\)/);
      expect(internal.hits.map((h) => h.path)).toEqual(["/redirect/api/v1/servers/localhost"]);
      expect(elsewhere.hits).toEqual([]);
    });

    it.each([
      ["a 500 text/html error page", "/html500", /^PowerDNS GET \/: answered 500$/],
      [
        "a 200 answer that is not JSON",
        "/plain200",
        /answered something other than JSON: is it the PowerDNS API\?/,
      ],
      ["a 200 answer labelled JSON that does not parse", "/fakejson", /answered JSON it could not read/],
    ])("never echoes the body of %s into the answer or the stored error", async (_what, prefix, message) => {
      const { status, text, body, row } = await testAccount(prefix);
      expect(status).toBe(200);
      expect(body.ok).toBe(false);
      expect(body.error).toMatch(message);
      expect(text).not.toContain(SECRET);
      expect(row.lastError).toBe(body.error);
      expect(row.lastError).not.toContain(SECRET);
      expect(internal.hits.map((h) => h.path)).toEqual([`${prefix}/api/v1/servers/localhost`]);
    });

    it("cuts off a huge body", async () => {
      const { body, text } = await testAccount("/huge");
      expect(body.error).toBe(`PowerDNS at ${internal.url} did not answer: the answer was larger than 1 MiB`);
      expect(text).not.toContain(SECRET);
    });
  });
});

describe("webhook deliveries to a name re-pointed at the private network", () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer();
    await dns.createZone("rebind.coldframe.test");
  });
  afterAll(() => dns?.close());

  /** The system resolver's job, asked of the real test DNS server instead. */
  const viaTestDns = async (host: string) => {
    const r = new Resolver();
    r.setServers([dns.address]);
    return [...(await r.resolve4(host).catch(() => [])), ...(await r.resolve6(host).catch(() => []))];
  };

  async function savedEndpoint(workspaceId: string, url: string) {
    // saved while the name pointed at a public address (the check at creation passed then)
    const [row] = await getDb()
      .insert(webhookEndpoints)
      .values({ id: crypto.randomUUID(), workspaceId, url, secretEnc: encryptSecret("whsec_test") })
      .returning();
    return row!;
  }

  it("is refused with NODE_ENV=development, no request reaches loopback, and open and closed ports read the same", async () => {
    Object.assign(process.env, { NODE_ENV: "development" });
    allowPrivate("");
    try {
      await dns.setRecord("hooks.rebind.coldframe.test", "A", ["127.0.0.1"]);
      const { workspaceId } = await signUp(app.url);
      const receiverPort = new URL(internal.url).port;
      const closed = net.createServer();
      await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      await savedEndpoint(workspaceId, `http://hooks.rebind.coldframe.test:${receiverPort}/in`);
      await savedEndpoint(workspaceId, `http://hooks.rebind.coldframe.test:${closedPort}/in`);
      const db = getDb();
      const { deliveryIds } = await db.transaction((tx) =>
        emitEvent(tx, { workspaceId, type: "lead.interested", payload: {} }),
      );
      expect(deliveryIds).toHaveLength(2);
      for (const id of deliveryIds) await deliverWebhook(db, id, { resolve: viaTestDns, finalAttempt: true });
      const rows = await db.select().from(webhookDeliveries);
      const errors = rows.filter((r) => deliveryIds.includes(r.id)).map((r) => [r.status, r.lastError]);
      const refused =
        "webhook URL refused: hooks.rebind.coldframe.test resolves to a private address (127.0.0.1); an operator can allow it with ALLOWED_PRIVATE_HOSTS";
      expect(errors).toEqual([
        ["failed", refused],
        ["failed", refused],
      ]);
      expect(internal.hits).toEqual([]);
    } finally {
      Object.assign(process.env, { NODE_ENV: "test" });
    }
  });

  it("the same name allowed by the operator does reach the receiver (so the refusal above is the guard)", async () => {
    allowPrivate("hooks.rebind.coldframe.test");
    await dns.setRecord("hooks.rebind.coldframe.test", "A", ["127.0.0.1"]);
    const { workspaceId } = await signUp(app.url);
    await savedEndpoint(workspaceId, `http://hooks.rebind.coldframe.test:${new URL(internal.url).port}/in`);
    const db = getDb();
    const { deliveryIds } = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.interested", payload: {} }),
    );
    expect(await deliverWebhook(db, deliveryIds[0]!, { resolve: viaTestDns })).toMatchObject({
      status: "delivered",
    });
    expect(internal.hits.map((h) => h.path)).toEqual(["/in"]);
  });

  it("a URL with user:password@ is refused at creation; one stored before is shown redacted", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const res = await client.post("/api/v1/webhooks", { url: `http://user:hunter2@127.0.0.1:1/hooks` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: { url: string[] } } }).error.fields.url).toEqual([
      "webhook URL must not contain a user name or password (user:password@): use the API key or secret instead",
    ]);
    const old = await savedEndpoint(workspaceId, "https://user:hunter2@hooks.example.com/in?x=1");
    const list = await (await client.get("/api/v1/webhooks")).text();
    const one = await (await client.get(`/api/v1/webhooks/${old.id}`)).text();
    for (const text of [list, one]) {
      expect(text).not.toContain("hunter2");
      expect(text).toContain("https://***@hooks.example.com/in?x=1");
    }
  });
});

describe("custom mailbox servers on the private network", () => {
  /** A TCP listener that counts connections: an open port an attacker would probe for. */
  async function openPort() {
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return {
      port: (server.address() as AddressInfo).port,
      connections: () => connections,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  }
  const form = (
    host: string,
    port: number,
    email = `m${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.test`,
  ) => ({
    email,
    smtp: { host, port, security: "none", password: "pw" },
    imap: { host, port, security: "none" },
  });
  const refusal = (proto: string, host: string) =>
    host === "127.0.0.1"
      ? `${proto} host refused: 127.0.0.1 is a private address; an operator can allow it with ALLOWED_PRIVATE_HOSTS`
      : `${proto} host refused: ${host} resolves to a private address (127.0.0.1); an operator can allow it with ALLOWED_PRIVATE_HOSTS`;

  it("'test connection' and create refuse a private host with the same 400 whether the port is open or closed", async () => {
    allowPrivate("");
    const open = await openPort();
    try {
      const { client } = await signUp(app.url);
      const answers: string[] = [];
      for (const host of ["127.0.0.1", "localhost", "127.1", "2130706433"])
        for (const port of [open.port, 1]) {
          const test = await client.post("/api/v1/mailboxes/test", form(host, port));
          expect(test.status, `${host}:${port}`).toBe(400);
          const body = (await test.json()) as {
            error: { message: string; fields: Record<string, string[]> };
          };
          expect(body.error.message).toBe(refusal("SMTP", host));
          answers.push(`${host} ${body.error.message}`);
          const create = await client.post("/api/v1/mailboxes", form(host, port));
          expect(create.status).toBe(400);
          expect(((await create.json()) as { error: { message: string } }).error.message).toBe(
            refusal("SMTP", host),
          );
        }
      // open and closed ports read the same
      expect(new Set(answers).size).toBe(4);
      expect(open.connections()).toBe(0);
      expect((await (await client.get("/api/v1/mailboxes")).json()).data).toEqual([]);
    } finally {
      await open.close();
    }
  });

  it("update refuses a private host; with the allowance the same request is accepted", async () => {
    const { client } = await signUp(app.url);
    allowPrivate("127.0.0.0/8");
    const created = await client.post("/api/v1/mailboxes", form("127.0.0.1", 2525));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    allowPrivate("");
    const patch = await client.request(`/api/v1/mailboxes/${id}`, {
      method: "PATCH",
      json: { imap: { host: "localhost" } },
    });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { error: { message: string } }).error.message).toBe(
      refusal("IMAP", "localhost"),
    );
    allowPrivate("localhost");
    const allowed = await client.request(`/api/v1/mailboxes/${id}`, {
      method: "PATCH",
      json: { imap: { host: "localhost" } },
    });
    expect(allowed.status).toBe(200);
  });

  it("a saved mailbox whose host is no longer allowed connects nowhere: sending, and its test, are refused", async () => {
    const open = await openPort();
    try {
      const { client, workspaceId } = await signUp(app.url);
      const [mailbox] = await getDb()
        .insert(mailboxes)
        .values({
          id: crypto.randomUUID(),
          workspaceId,
          email: `saved${Date.now()}@example.test`,
          provider: "smtp",
          smtpHost: "localhost",
          smtpPort: open.port,
          smtpSecurity: "none",
          smtpPasswordEnc: encryptSecret("pw"),
          imapHost: "localhost",
          imapPort: open.port,
          imapSecurity: "none",
          imapPasswordEnc: encryptSecret("pw"),
        })
        .returning();
      allowPrivate("");
      await expect(createMailboxTransport(mailbox!)).rejects.toThrow(refusal("SMTP", "localhost"));
      const test = await client.post(`/api/v1/mailboxes/${mailbox!.id}/test`);
      expect(test.status).toBe(200);
      expect(((await test.json()) as { result: unknown }).result).toEqual({
        ok: false,
        smtp: { ok: false, kind: "config", error: refusal("SMTP", "localhost") },
        imap: { ok: false, kind: "config", error: refusal("IMAP", "localhost") },
      });
      expect(open.connections()).toBe(0);
    } finally {
      await open.close();
    }
  });
});
