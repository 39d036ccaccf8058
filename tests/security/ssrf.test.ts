import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOWED_RECEIVER_IP } from "./app";
import { appDatabase } from "./app-database";
import { closedPort, type InternalServer, startInternalServer } from "./internal-server";
import { assertNoCrash, type Person, signUp, startSecurityApp } from "./people";

const SECRET = "TOP-SECRET-internal-admin-token";

// the app under attack, shared by the tier's files (tests/security/app.ts)
beforeAll(startSecurityApp);

describe("server-side requests to addresses a stranger picks", () => {
  let stranger: Person;
  let internal: InternalServer;

  beforeAll(async () => {
    stranger = await signUp("ssrf");
    internal = await startInternalServer("127.0.0.1");
  });
  afterAll(async () => {
    await internal?.close();
  });

  const powerDnsAccount = (apiUrl: string) =>
    stranger.api.post("/api/v1/provider-accounts", {
      provider: "powerdns",
      label: "Attack",
      apiUrl,
      apiKey: "anything",
      nameservers: ["ns1.attacker.example"],
    });

  it("refuses a PowerDNS API URL whose query or fragment would cancel the path the app appends", async () => {
    for (const apiUrl of [
      `${internal.url}/admin/secret?q=`,
      `${internal.url}/admin/secret#`,
      `http://user:pw@${ALLOWED_RECEIVER_IP}:1/`,
    ]) {
      const res = await powerDnsAccount(apiUrl);
      assertNoCrash(res, apiUrl);
      expect(res.status, `${apiUrl}: ${res.text}`).toBe(400);
    }
    expect(internal.hits).toEqual([]);
  });

  it("never connects a provider account to a private address, and never shows what an endpoint answered", async () => {
    const created = await powerDnsAccount(internal.url);
    assertNoCrash(created, "create");
    if (created.status === 201) {
      const { id } = created.json() as { id: string };
      const test = await stranger.api.post(`/api/v1/provider-accounts/${id}/test`);
      assertNoCrash(test, "test connection");
      expect(test.text).not.toContain(SECRET);
      expect(test.text).toMatch(/private|ALLOWED_PRIVATE_HOSTS/);
    } else {
      expect(created.status).toBe(400);
      expect(created.text).toMatch(/private|ALLOWED_PRIVATE_HOSTS/);
    }
    expect(internal.hits).toEqual([]);

    // an allowed host (the operator's own) that redirects to the private one, or answers the
    // secret as a 200 page or a 500: nothing of it comes back, and the redirect is not followed
    for (const answer of ["redirect", "html-200", "text-500", "json-500"] as const) {
      const relay = await startInternalServer(ALLOWED_RECEIVER_IP, (_req, res) => {
        if (answer === "redirect") {
          res.writeHead(302, { location: `${internal.url}/admin/secret` });
          return res.end();
        }
        const status = answer === "html-200" ? 200 : 500;
        const json = answer === "json-500";
        res.writeHead(status, { "content-type": json ? "application/json" : "text/html" });
        res.end(json ? JSON.stringify({ error: SECRET }) : `<html><body>${SECRET}</body></html>`);
      });
      try {
        const account = await powerDnsAccount(relay.url);
        expect(account.status, account.text).toBe(201);
        const { id } = account.json() as { id: string };
        const test = await stranger.api.post(`/api/v1/provider-accounts/${id}/test`);
        assertNoCrash(test, `test connection (${answer})`);
        expect(relay.hits.length, `${answer}: the allowed host was asked`).toBeGreaterThan(0);
        expect(test.text, answer).not.toContain(SECRET);
        const list = await stranger.api.get("/api/v1/provider-accounts");
        expect(list.text, answer).not.toContain(SECRET);
      } finally {
        await relay.close();
      }
    }
    expect(internal.hits).toEqual([]);
  });

  it("refuses webhook URLs on private addresses in every spelling, and credentials in URLs", async () => {
    const p = internal.port;
    const urls = [
      `http://127.0.0.1:${p}/hook`,
      `http://localhost:${p}/hook`,
      `http://127.1:${p}/hook`,
      `http://2130706433:${p}/hook`,
      `http://0x7f000001:${p}/hook`,
      `http://0177.0.0.1:${p}/hook`,
      `http://[::1]:${p}/hook`,
      `http://[::ffff:127.0.0.1]:${p}/hook`,
      `http://[::127.0.0.1]:${p}/hook`,
      `http://[64:ff9b::7f00:1]:${p}/hook`,
      `http://[2002:7f00:1::]:${p}/hook`,
      `http://[fe80::1]:${p}/hook`,
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://10.0.0.1/hook",
      "http://192.168.1.1/hook",
      "http://100.64.0.1/hook",
      "http://0.0.0.0/hook",
      `http://user:password@${ALLOWED_RECEIVER_IP}:${p}/hook`,
    ];
    for (const url of urls) {
      const res = await stranger.api.post("/api/v1/webhooks", { url });
      assertNoCrash(res, url);
      expect(res.status, `${url}: ${res.text}`).toBe(400);
    }
    expect(internal.hits).toEqual([]);
  });

  it("the worker refuses a delivery to a saved endpoint whose host now points inside, open port or closed alike", async () => {
    const receiver = await startInternalServer(ALLOWED_RECEIVER_IP, (_req, res) => res.end("ok"));
    const db = await appDatabase();
    try {
      const deliveries: { port: number; error: string | null }[] = [];
      for (const port of [internal.port, await closedPort("127.0.0.1")]) {
        const res = await stranger.api.post("/api/v1/webhooks", { url: `${receiver.url}/hook` });
        expect(res.status, res.text).toBe(201);
        const { id } = (res.json() as { webhook: { id: string } }).webhook;
        // the name re-pointed after it was saved (DNS rebinding): the row now names the inside
        await db.query("update webhook_endpoints set url = $1 where id = $2", [
          `http://127.0.0.1:${port}/hook`,
          id,
        ]);
        const { deliveryIds } = await db.emit(stranger.workspaceId, id);
        const row = await db.until(
          "select status, attempts, last_error from webhook_deliveries where id = $1 and attempts > 0",
          [deliveryIds[0]],
        );
        expect(row.status).not.toBe("delivered");
        deliveries.push({ port, error: row.last_error as string | null });
        await db.query("delete from webhook_endpoints where id = $1", [id]);
      }
      expect(internal.hits, "the internal service was reached").toEqual([]);
      expect(deliveries[0]!.error).toMatch(/private|refused|ALLOWED_PRIVATE_HOSTS/i);
      // the log cannot tell an open port from a closed one
      expect(deliveries[0]!.error?.replace(/\d+/g, "N")).toBe(deliveries[1]!.error?.replace(/\d+/g, "N"));
    } finally {
      await db.close();
      await receiver.close();
    }
  });

  it("mailbox connection tests are not a port scanner for the private network", async () => {
    const answers: string[] = [];
    for (const port of [internal.port, await closedPort("127.0.0.1")]) {
      for (const host of ["127.0.0.1", "localhost"]) {
        const res = await stranger.api.post("/api/v1/mailboxes/test", {
          email: "probe@attacker.example",
          smtp: { host, port, security: "none", user: "probe", password: "x" },
          imap: { host, port, security: "none", user: "probe", password: "x" },
        });
        assertNoCrash(res, `mailbox test ${host}:${port}`);
        expect(res.status, res.text).toBe(400);
        expect(res.text).toMatch(/private|ALLOWED_PRIVATE_HOSTS/);
        answers.push(res.text.replace(/\d+/g, "N"));
      }
    }
    expect(new Set(answers.filter((_, i) => i % 2 === 0)).size, "open and closed ports answer alike").toBe(1);
    expect(internal.hits).toEqual([]);
  });
});
