import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { AppError } from "../../src/lib/errors";
import { isPrivateAddress } from "../../src/lib/net/is-private-address";
import { assertWebhookUrl } from "../../src/lib/webhooks/assert-webhook-url";

// No allowance: what every process enforces when ALLOWED_PRIVATE_HOSTS is empty (the default).
const strict = { allowedPrivateHosts: "" };

describe("webhook SSRF guard", () => {
  it.each([
    "https://127.0.0.1/hook",
    "https://10.0.0.5/hook",
    "https://[::1]/hook",
    "https://172.16.4.2/hook",
    "https://192.168.1.10/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/hook",
    "https://0.0.0.0/hook",
    "https://[fd12::1]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://2130706433/hook", // 127.0.0.1 as one number
    "https://0x7f.1/hook", // 127.0.0.1 in hex, short form
    "https://[64:ff9b::7f00:1]/hook", // NAT64 of 127.0.0.1
    "https://[64:ff9b::a9fe:a9fe]/hook", // NAT64 of 169.254.169.254
    "https://[2002:7f00:1::]/hook", // 6to4 of 127.0.0.1
    "https://[2002:c0a8:101::1]/hook", // 6to4 of 192.168.1.1
    "https://[::7f00:1]/hook", // IPv4-compatible 127.0.0.1
    "https://[::10.0.0.1]/hook", // IPv4-compatible 10.0.0.1
    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", // Teredo
    "http://127.0.0.1:9999/hook",
  ])("refuses %s and names the setting that could allow it", async (url) => {
    await expect(assertWebhookUrl(url, strict)).rejects.toThrow(
      /webhook URL refused: .* (is|resolves to) a private address.*; an operator can allow it with ALLOWED_PRIVATE_HOSTS/,
    );
  });

  it("refuses with a 400 that points at the url field", async () => {
    const err = await assertWebhookUrl("https://10.0.0.5/hook", strict).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).details?.fields).toEqual({ url: [(err as AppError).message] });
  });

  it("refuses a host name that resolves to loopback", async () => {
    await expect(assertWebhookUrl("https://localhost:8443/hook", strict)).rejects.toThrow(
      /localhost resolves to a private address \((127\.0\.0\.1|::1)\)/,
    );
  });

  it("refuses a name with any private address among its answers (a resolver stub)", async () => {
    const resolve = async () => ["93.184.216.34", "10.1.2.3"];
    await expect(assertWebhookUrl("https://hooks.example.com/x", { ...strict, resolve })).rejects.toThrow(
      /hooks\.example\.com resolves to a private address \(10\.1\.2\.3\)/,
    );
    const nat64 = async () => ["93.184.216.34", "64:ff9b::a00:1"];
    await expect(
      assertWebhookUrl("https://hooks.example.com/x", { ...strict, resolve: nat64 }),
    ).rejects.toThrow(/64:ff9b::a00:1/);
  });

  it("allows a public IP literal without any DNS, over http or https", async () => {
    const resolve = async (): Promise<string[]> => {
      throw new Error("no DNS expected");
    };
    for (const raw of ["https://93.184.216.34/hook", "http://93.184.216.34/hook"]) {
      const url = await assertWebhookUrl(raw, { ...strict, resolve });
      expect(url.hostname).toBe("93.184.216.34");
    }
  });

  it("requires a valid http(s) URL without user:password@", async () => {
    await expect(assertWebhookUrl("not a url", strict)).rejects.toThrow(/not a valid URL/);
    await expect(assertWebhookUrl("ftp://93.184.216.34/x", strict)).rejects.toThrow(/http or https/);
    await expect(assertWebhookUrl("https://user:pw@93.184.216.34/x", strict)).rejects.toThrow(
      /must not contain a user name or password/,
    );
    await expect(assertWebhookUrl("https://user@93.184.216.34/x", strict)).rejects.toThrow(
      /must not contain a user name or password/,
    );
  });

  it("allows private addresses that ALLOWED_PRIVATE_HOSTS names: an address, a range, a host name or *", async () => {
    const resolve = async () => ["10.0.0.5"];
    for (const allowedPrivateHosts of ["10.0.0.5", "10.0.0.0/8", "hooks.internal", "*.internal", "*"]) {
      await expect(
        assertWebhookUrl("https://hooks.internal/hook", { allowedPrivateHosts, resolve }),
      ).resolves.toBeInstanceOf(URL);
    }
    for (const allowedPrivateHosts of ["10.0.0.6", "192.168.0.0/16", "other.internal", "*.example.com"]) {
      await expect(
        assertWebhookUrl("https://hooks.internal/hook", { allowedPrivateHosts, resolve }),
      ).rejects.toThrow(/ALLOWED_PRIVATE_HOSTS/);
    }
  });
});

describe("the guard does not depend on NODE_ENV", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it.each(["development", "test", "production"])(
    "with NODE_ENV=%s and no ALLOWED_PRIVATE_HOSTS, loopback is refused",
    async (nodeEnv) => {
      Object.assign(process.env, {
        NODE_ENV: nodeEnv,
        APP_ENCRYPTION_KEY: "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        AUTH_SECRET: "a".repeat(40),
      });
      delete process.env.ALLOWED_PRIVATE_HOSTS;
      resetEnvCache();
      await expect(assertWebhookUrl("http://127.0.0.1:9999/hook")).rejects.toThrow(/ALLOWED_PRIVATE_HOSTS/);
    },
  );

  it("ALLOWED_PRIVATE_HOSTS from the environment allows it, whatever NODE_ENV says", async () => {
    Object.assign(process.env, {
      NODE_ENV: "production",
      APP_ENCRYPTION_KEY: "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      AUTH_SECRET: "a".repeat(40),
      ALLOWED_PRIVATE_HOSTS: "127.0.0.0/8",
    });
    resetEnvCache();
    await expect(assertWebhookUrl("http://127.0.0.1:9999/hook")).resolves.toBeInstanceOf(URL);
  });
});

describe("isPrivateAddress", () => {
  it("classifies addresses", () => {
    for (const ip of [
      "127.0.0.1",
      "10.255.0.1",
      "172.31.255.255",
      "192.168.0.1",
      "100.127.0.1",
      "::1",
      "fc00::1",
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ["93.184.216.34", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700::1111"])
      expect(isPrivateAddress(ip), ip).toBe(false);
  });
});
