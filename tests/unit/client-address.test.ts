import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/lib/config/env";
import { childEnvironment } from "../../src/lib/system/child-environment";
import { applyClientAddress, clientAddress, parseTrustedProxies } from "../../src/lib/web/client-address";

const none = parseTrustedProxies("");
const proxies = parseTrustedProxies("10.0.0.1, 172.16.0.0/12, fd00::/8");

describe("client address", () => {
  it("is the peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.7", "1.2.3.4", none)).toBe("203.0.113.7");
    expect(clientAddress("203.0.113.7", "1.2.3.4, 10.0.0.1", none)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7", undefined, none)).toBe("203.0.113.7");
  });

  it("is the peer when the peer is not a trusted proxy", () => {
    expect(clientAddress("198.51.100.9", "1.2.3.4", proxies)).toBe("198.51.100.9");
  });

  it("walks X-Forwarded-For from the right, skipping trusted proxies", () => {
    expect(clientAddress("10.0.0.1", "203.0.113.7", proxies)).toBe("203.0.113.7");
    // the left-most entry was written by the client: never believed past an untrusted hop
    expect(clientAddress("10.0.0.1", "6.6.6.6, 203.0.113.7, 172.20.1.1", proxies)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:10.0.0.1", ["6.6.6.6", "203.0.113.7"], proxies)).toBe("203.0.113.7");
    expect(clientAddress("fd12::1", "2001:db8::5", proxies)).toBe("2001:db8::5");
  });

  it("stops at the last proxy on a malformed entry or an empty header", () => {
    expect(clientAddress("10.0.0.1", "not-an-ip", proxies)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "203.0.113.7, junk, 172.16.0.2", proxies)).toBe("172.16.0.2");
    expect(clientAddress("10.0.0.1", undefined, proxies)).toBe("10.0.0.1");
    // a chain made only of proxies: the left-most of them
    expect(clientAddress("10.0.0.1", "172.16.0.5", proxies)).toBe("172.16.0.5");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or a range", () => {
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.1/x", "fd00::/129", "1.2.3"])
      expect(() => parseTrustedProxies(bad)).toThrow(/not an IP address or CIDR range/);
  });

  it("is checked with the rest of the configuration at start-up", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "coldframe-env-"));
    expect(parseEnv({ DATA_DIR: dir }).TRUSTED_PROXIES).toBe("");
    expect(parseEnv({ DATA_DIR: dir, TRUSTED_PROXIES: "10.0.0.1,10.1.0.0/16" }).TRUSTED_PROXIES).toBe(
      "10.0.0.1,10.1.0.0/16",
    );
    expect(() => parseEnv({ DATA_DIR: dir, TRUSTED_PROXIES: "10.0.0.1,proxy.internal" })).toThrow(
      /TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR range/,
    );
  });

  it("rewrites the request's headers to the one trusted address", () => {
    const req = {
      socket: { remoteAddress: "198.51.100.9" },
      headers: {
        "x-forwarded-for": "1.1.1.1",
        "x-real-ip": "2.2.2.2",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        host: "app.example",
      } as Record<string, string | string[] | undefined>,
    };
    expect(applyClientAddress(req, proxies)).toBe("198.51.100.9");
    expect(req.headers).toEqual({ "x-forwarded-for": "198.51.100.9", host: "app.example" });

    const viaProxy = {
      socket: { remoteAddress: "10.0.0.1" },
      headers: {
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-host": "app.example",
        "x-forwarded-proto": "https",
      } as Record<string, string | string[] | undefined>,
    };
    applyClientAddress(viaProxy, proxies);
    expect(viaProxy.headers).toEqual({
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-host": "app.example",
      "x-forwarded-proto": "https",
    });
  });
});

describe("npm start's child processes", () => {
  it("run the web process and the worker with the same configuration, NODE_ENV included", () => {
    const resolved = {
      DATABASE_URL: "postgres://x/y",
      APP_ENCRYPTION_KEY: "k1:abc",
      AUTH_SECRET: "s".repeat(32),
      APP_URL: "https://app.example",
      DATA_DIR: "/data",
      PORT: 3000,
    };
    const web = childEnvironment({ PATH: "/bin" }, resolved, "web");
    const worker = childEnvironment({ PATH: "/bin" }, resolved, "worker");
    expect(worker.NODE_ENV).toBe("production");
    const { COLDFRAME_PROCESS: a, ...webRest } = web;
    const { COLDFRAME_PROCESS: b, ...workerRest } = worker;
    expect([a, b]).toEqual(["web", "worker"]);
    expect(workerRest).toEqual(webRest);
  });
});
