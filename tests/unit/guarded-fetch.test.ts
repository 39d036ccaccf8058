import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/lib/errors";
import { guardedFetch } from "../../src/lib/net/guarded-fetch";

// Real HTTP servers on loopback; the guard is told to allow 127.0.0.1 where a test needs to reach
// them, exactly as an operator would with ALLOWED_PRIVATE_HOSTS.
const SECRET = "internal-secret-7f3a";
const hits: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/redirect") res.writeHead(302, { Location: `${base}/target` }).end();
    else if (req.url === "/huge") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      let sent = 0;
      const pump = () => {
        while (sent < 8 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 8 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      pump();
    } else if (req.url === "/silent") {
      // never answers
    } else res.writeHead(500, { "Content-Type": "text/html" }).end(`<h1>${SECRET}</h1>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const allowed = { allowedPrivateHosts: "127.0.0.1" };

describe("guardedFetch", () => {
  it("refuses a private address before connecting, unless allowed", async () => {
    hits.length = 0;
    const err = await guardedFetch(`${base}/x`, { allowedPrivateHosts: "" }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe("validation");
    expect(err.message).toMatch(
      /127\.0\.0\.1 is a private address; an operator can allow it with ALLOWED_PRIVATE_HOSTS/,
    );
    expect(hits).toEqual([]);
  });

  it("returns a redirect as a status and never follows it", async () => {
    hits.length = 0;
    const res = await guardedFetch(`${base}/redirect`, allowed);
    expect(res.status).toBe(302);
    expect(hits).toEqual(["/redirect"]);
  });

  it("returns the body of an error answer to the caller, and never puts it in an error", async () => {
    const res = await guardedFetch(`${base}/error`, allowed);
    expect(res.status).toBe(500);
    expect(res.body.toString()).toContain(SECRET);
  });

  it("cuts off a body over the limit", async () => {
    const err = await guardedFetch(`${base}/huge`, { ...allowed, maxBytes: 1024 * 1024 }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toBe("the answer was larger than 1 MiB");
    expect(err.details).toEqual({ reason: "too_large" });
  });

  it("gives up after the timeout with its own words", async () => {
    const err = await guardedFetch(`${base}/silent`, { ...allowed, timeoutMs: 300 }).catch((e) => e);
    expect(err.message).toBe("no answer within 0.3 s");
    expect(err.details).toEqual({ reason: "timeout" });
  });

  it("reports a closed port as 'connection refused'", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await guardedFetch(`http://127.0.0.1:${port}/`, allowed).catch((e) => e);
    expect(err.message).toBe("connection refused");
  });

  it("refuses user:password@ and other schemes", async () => {
    await expect(guardedFetch("http://u:p@127.0.0.1/", allowed)).rejects.toThrow(/user name or password/);
    await expect(guardedFetch("file:///etc/passwd", allowed)).rejects.toThrow(/http or https/);
  });
});
