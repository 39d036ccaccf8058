import { describe, expect, it } from "vitest";
import { assertPublicUrl, isPrivateAddress } from "../../src/lib/webhooks/assert-public-url";

const prod = { production: true, allowPrivate: false };

describe("webhook SSRF guard in production", () => {
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
  ])("refuses %s", async (url) => {
    await expect(assertPublicUrl(url, prod)).rejects.toThrow(/private, loopback or link-local/);
  });

  it("refuses a host name that resolves to loopback", async () => {
    await expect(assertPublicUrl("https://localhost:8443/hook", prod)).rejects.toThrow(/localhost is/);
  });

  it("refuses a name with any private address among its answers (a resolver stub)", async () => {
    const resolve = async () => ["93.184.216.34", "10.1.2.3"];
    await expect(assertPublicUrl("https://hooks.example.com/x", { ...prod, resolve })).rejects.toThrow(
      /10\.1\.2\.3/,
    );
  });

  it("allows a public IP literal without any DNS", async () => {
    const resolve = async (): Promise<string[]> => {
      throw new Error("no DNS expected");
    };
    const url = await assertPublicUrl("https://93.184.216.34/hook", { ...prod, resolve });
    expect(url.hostname).toBe("93.184.216.34");
  });

  it("requires https and a valid URL", async () => {
    await expect(assertPublicUrl("http://93.184.216.34/hook", prod)).rejects.toThrow(/must use https/);
    await expect(assertPublicUrl("not a url", prod)).rejects.toThrow(/not a valid URL/);
  });

  it("allows private addresses when WEBHOOKS_ALLOW_PRIVATE is on", async () => {
    await expect(
      assertPublicUrl("https://10.0.0.5/hook", { production: true, allowPrivate: true }),
    ).resolves.toBeInstanceOf(URL);
  });
});

describe("outside production", () => {
  it("allows http and loopback, so local receivers work", async () => {
    await expect(
      assertPublicUrl("http://127.0.0.1:9999/hook", { production: false }),
    ).resolves.toBeInstanceOf(URL);
    await expect(assertPublicUrl("ftp://127.0.0.1/x", { production: false })).rejects.toThrow(
      /http or https/,
    );
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
