import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePublicAddress } from "../../src/lib/net/resolve-public-address";
import { sendWebhook } from "../../src/lib/webhooks/send-webhook";
import { verifyWebhookSignature } from "../../src/lib/webhooks/webhook-signature";

// DNS rebinding: a name that answers a public address when checked and a private one a moment
// later. Deliveries resolve once, check, and connect to the checked address themselves, so the
// second answer is never asked for. The resolver is a stand-in (no DNS server serves `.test`
// here); the connections, Host headers and TLS handshakes are real, on loopback.
const body = {
  id: "evt_1",
  type: "reply.received",
  createdAt: "2026-01-01T00:00:00.000Z",
  workspaceId: "w",
  data: {},
};

/** A resolver whose answers change after the first question, counting the questions. */
function rebinding(first: string[], later: string[]) {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    return calls.length === 1 ? first : later;
  };
  return { resolve, calls };
}

let server: http.Server;
let port: number;
const received: { host: string | undefined; signature: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({
      host: req.headers.host,
      signature: req.headers["coldframe-signature"] as string | undefined,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("deliveries connect to the address that passed the check", () => {
  it("uses the first answer for the connection, keeps the name in Host, and never resolves again", async () => {
    received.length = 0;
    // the second answer would point elsewhere; the operator allows this loopback address only
    const { resolve, calls } = rebinding(["127.0.0.1"], ["10.255.255.1"]);
    const result = await sendWebhook(
      { url: `http://hooks.rebind.test:${port}/in`, secret: "whsec_x" },
      body,
      { allowedPrivateHosts: "127.0.0.1", resolve },
    );
    expect(result).toEqual({ ok: true, statusCode: 204, error: null });
    expect(calls).toEqual(["hooks.rebind.test"]);
    expect(received).toHaveLength(1);
    expect(received[0]!.host).toBe(`hooks.rebind.test:${port}`);
    const t = Number(/t=(\d+)/.exec(received[0]!.signature!)![1]);
    expect(verifyWebhookSignature("whsec_x", received[0]!.signature!, received[0]!.body, t * 1000)).toBe(
      true,
    );
  });

  it("a name that passed the check and is re-pointed to the receiver's address never reaches it", async () => {
    received.length = 0;
    // 127.0.0.2 stands for an address that passes the check (allowed here; nothing listens there,
    // and no packet leaves the machine); the receiver listens on 127.0.0.1, which is not allowed
    const { resolve, calls } = rebinding(["127.0.0.2"], ["127.0.0.1"]);
    const result = await sendWebhook({ url: `http://hooks.rebind.test:${port}/in`, secret: "s" }, body, {
      allowedPrivateHosts: "127.0.0.2",
      resolve,
      timeoutMs: 1500,
    });
    expect(result).toEqual({ ok: false, statusCode: null, error: "request failed: connection refused" });
    expect(calls).toHaveLength(1);
    expect(received).toHaveLength(0);
  });

  it("refuses before connecting when the one answer is private, with NODE_ENV playing no part", async () => {
    received.length = 0;
    const { resolve, calls } = rebinding(["127.0.0.1"], ["93.184.216.34"]);
    const result = await sendWebhook({ url: `http://hooks.rebind.test:${port}/in`, secret: "s" }, body, {
      allowedPrivateHosts: "",
      resolve,
    });
    expect(result).toEqual({
      ok: false,
      statusCode: null,
      error:
        "webhook URL refused: hooks.rebind.test resolves to a private address (127.0.0.1); an operator can allow it with ALLOWED_PRIVATE_HOSTS",
    });
    expect(calls).toHaveLength(1);
    expect(received).toHaveLength(0);
  });

  it("ALLOWED_PRIVATE_HOSTS=* still pins the checked answer", async () => {
    received.length = 0;
    const { resolve, calls } = rebinding(["127.0.0.1"], ["93.184.216.34"]);
    const pinned = await resolvePublicAddress("hooks.rebind.test", { allowedPrivateHosts: "*", resolve });
    expect(pinned).toEqual({ host: "hooks.rebind.test", address: "127.0.0.1", family: 4 });
    expect(calls).toHaveLength(1);
  });

  it("over TLS the handshake to the pinned address carries the URL's name (SNI) and checks the certificate against it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "coldframe-tls-"));
    try {
      try {
        execFileSync(
          "openssl",
          [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=hooks.rebind.test",
            "-keyout",
            path.join(dir, "key.pem"),
            "-out",
            path.join(dir, "cert.pem"),
          ],
          { stdio: "ignore" },
        );
      } catch (err) {
        throw new Error(`openssl could not make a test certificate (apt-get install -y openssl): ${err}`);
      }
      const names: (string | undefined)[] = [];
      // the ClientHello's server name, read by the server before the client judges the certificate
      const sni = tls.createServer({
        SNICallback: (name, cb) => {
          names.push(name);
          cb(
            null,
            tls.createSecureContext({
              key: readFileSync(path.join(dir, "key.pem")),
              cert: readFileSync(path.join(dir, "cert.pem")),
            }),
          );
        },
      });
      sni.on("tlsClientError", () => {});
      await new Promise<void>((r) => sni.listen(0, "127.0.0.1", r));
      const tlsPort = (sni.address() as AddressInfo).port;
      const { resolve, calls } = rebinding(["127.0.0.1"], ["10.255.255.1"]);
      const result = await sendWebhook(
        { url: `https://hooks.rebind.test:${tlsPort}/in`, secret: "s" },
        body,
        { allowedPrivateHosts: "*", resolve, timeoutMs: 5000 },
      );
      await new Promise<void>((r) => sni.close(() => r()));
      expect(calls).toHaveLength(1);
      expect(names).toEqual(["hooks.rebind.test"]);
      // the self-signed certificate is refused: verification still runs, against that name
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/SELF_SIGNED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
