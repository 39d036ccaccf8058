import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/lib/config/env";
import { isPrivateAddress } from "../../src/lib/net/is-private-address";
import { isPrivateAllowed } from "../../src/lib/net/is-private-allowed";
import { resolvePublicAddress } from "../../src/lib/net/resolve-public-address";

describe("isPrivateAddress: every special-purpose IPv4 block", () => {
  it.each([
    ["0.0.0.0/8", "0.1.2.3", "1.0.0.1"],
    ["10.0.0.0/8", "10.200.0.1", "11.0.0.1"],
    ["100.64.0.0/10 (carrier-grade NAT)", "100.100.0.1", "100.128.0.1"],
    ["127.0.0.0/8", "127.255.255.254", "128.0.0.1"],
    ["169.254.0.0/16 (metadata)", "169.254.169.254", "169.255.0.1"],
    ["172.16.0.0/12", "172.31.0.1", "172.32.0.1"],
    ["192.0.0.0/24", "192.0.0.170", "192.0.1.1"],
    ["192.0.2.0/24 (TEST-NET-1)", "192.0.2.25", "192.0.3.1"],
    ["192.88.99.0/24 (6to4 relay)", "192.88.99.1", "192.88.98.1"],
    ["192.168.0.0/16", "192.168.255.1", "192.169.0.1"],
    ["198.18.0.0/15 (benchmarking)", "198.19.255.1", "198.20.0.1"],
    ["198.51.100.0/24 (TEST-NET-2)", "198.51.100.7", "198.51.101.7"],
    ["203.0.113.0/24 (TEST-NET-3)", "203.0.113.7", "203.0.114.7"],
    ["224.0.0.0/4 (multicast)", "239.255.255.250", "223.255.255.1"],
    ["240.0.0.0/4 (reserved, broadcast)", "255.255.255.255", "223.1.1.1"],
  ])("%s: %s is private, %s is not", (_block, inside, outside) => {
    expect(isPrivateAddress(inside)).toBe(true);
    expect(isPrivateAddress(outside)).toBe(false);
  });
});

describe("isPrivateAddress: IPv6", () => {
  it.each([
    ["unspecified ::", "::"],
    ["loopback ::1", "::1"],
    ["unique local fc00::/7", "fd12:3456::1"],
    ["link-local fe80::/10", "fe80::1"],
    ["link-local with a zone id", "fe80::1%eth0"],
    ["link-local in brackets", "[fe80::1]"],
    ["site-local fec0::/10", "fec0::1"],
    ["multicast ff00::/8", "ff02::1"],
    ["discard 100::/64", "100::1"],
    ["documentation 2001:db8::/32", "2001:db8::1"],
    ["Teredo 2001::/32 (refused: it tunnels to an unchecked IPv4)", "2001:0:4136:e378:8000:63bf:3fff:fdd2"],
    ["local NAT64 64:ff9b:1::/48", "64:ff9b:1::1"],
    ["outside global unicast 2000::/3", "4000::1"],
  ])("%s: %s is private", (_name, ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each([
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "2001:4860:4860::8888", // inside 2001::/23 but outside Teredo
  ])("global unicast %s is public", (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe("isPrivateAddress: IPv6 forms that carry an IPv4 address are judged by it", () => {
  it.each([
    ["mapped ::ffff:0:0/96", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:93.184.216.34"],
    ["mapped, 10/8", "::ffff:10.0.0.1", "::ffff:a00:1", "::ffff:5db8:d822"],
    ["IPv4-compatible ::/96", "::127.0.0.1", "::7f00:1", "::93.184.216.34"],
    ["IPv4-compatible, metadata", "::169.254.169.254", "::a9fe:a9fe", "::8.8.8.8"],
    ["NAT64 64:ff9b::/96", "64:ff9b::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::93.184.216.34"],
    ["NAT64, 192.168/16", "64:ff9b::192.168.1.1", "64:ff9b::c0a8:101", "64:ff9b::808:808"],
    ["6to4 2002::/16 (bits 16–48)", "2002:7f00:1::", "2002:7f00:0001:abcd::1", "2002:5db8:d822::1"],
    ["6to4, 10/8", "2002:a00:1::1", "2002:0a00:0001::", "2002:0808:0808::"],
  ])("%s: %s and %s are private, %s is not", (_form, dotted, hex, publicOne) => {
    expect(isPrivateAddress(dotted)).toBe(true);
    expect(isPrivateAddress(hex)).toBe(true);
    expect(isPrivateAddress(publicOne)).toBe(false);
  });
});

describe("isPrivateAddress: what is not an address counts as private", () => {
  it.each(["127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "localhost", "", "1.2.3.4.5", "::g", "1:2:3"])(
    "%j is refused (a host to resolve, never an address to trust)",
    (raw) => expect(isPrivateAddress(raw)).toBe(true),
  );
});

describe("resolvePublicAddress", () => {
  it("checks the resolved answer of a bare host in a numeric spelling, never the literal", async () => {
    // the system resolver turns these into 127.0.0.1, as a mail library's connect would
    for (const host of ["127.1", "2130706433", "0x7f.1", "0x7f000001"]) {
      await expect(
        resolvePublicAddress(host, { what: "SMTP host", allowedPrivateHosts: "" }),
      ).rejects.toThrow(
        new RegExp(
          `SMTP host refused: ${host.replace(/\./g, "\\.")} resolves to a private address \\(127\\.0\\.0\\.1\\)`,
        ),
      );
    }
  });

  it("pins the first answer, after checking all of them", async () => {
    const calls: string[] = [];
    const resolve = async (host: string) => {
      calls.push(host);
      return ["93.184.216.34", "2606:2800:220:1::1"];
    };
    expect(await resolvePublicAddress("Example.COM.", { resolve, allowedPrivateHosts: "" })).toEqual({
      host: "example.com",
      address: "93.184.216.34",
      family: 4,
    });
    expect(calls).toEqual(["example.com"]);
  });

  it("a name that does not resolve is refused with reason 'unresolved'", async () => {
    const resolve = async (): Promise<string[]> => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    const err = await resolvePublicAddress("nowhere.invalid", { resolve }).catch((e) => e);
    expect(err.message).toBe("host: host nowhere.invalid could not be resolved");
    expect(err.details.reason).toBe("unresolved");
  });
});

describe("ALLOWED_PRIVATE_HOSTS", () => {
  it("matches names, *.suffixes, addresses and CIDR ranges (IPv4 and IPv6)", () => {
    const setting = "mail.internal, *.corp.example, 10.1.2.3, 192.168.0.0/16, fd00::/8, ::1";
    expect(isPrivateAllowed("MAIL.internal.", "10.9.9.9", setting)).toBe(true);
    expect(isPrivateAllowed("pdns.corp.example", "10.9.9.9", setting)).toBe(true);
    expect(isPrivateAllowed("corp.example.evil", "10.9.9.9", setting)).toBe(false);
    expect(isPrivateAllowed("x.test", "10.1.2.3", setting)).toBe(true);
    expect(isPrivateAllowed("x.test", "10.1.2.4", setting)).toBe(false);
    expect(isPrivateAllowed("x.test", "192.168.44.1", setting)).toBe(true);
    expect(isPrivateAllowed("x.test", "fd12::1", setting)).toBe(true);
    expect(isPrivateAllowed("[::1]", "::1", setting)).toBe(true);
    expect(isPrivateAllowed("x.test", "127.0.0.1", setting)).toBe(false);
    expect(isPrivateAllowed("x.test", "127.0.0.1", "*")).toBe(true);
    expect(isPrivateAllowed("x.test", "127.0.0.1", "")).toBe(false);
  });

  const base = { APP_ENCRYPTION_KEY: "k", AUTH_SECRET: "a".repeat(40) };
  it("is validated at start-up with a message per bad entry", () => {
    expect(
      parseEnv({ ...base, ALLOWED_PRIVATE_HOSTS: "mail.internal,10.0.0.0/8,*,::1,*.lan" })
        .ALLOWED_PRIVATE_HOSTS,
    ).toBe("mail.internal,10.0.0.0/8,*,::1,*.lan");
    expect(parseEnv(base).ALLOWED_PRIVATE_HOSTS).toBe("");
    expect(() => parseEnv({ ...base, ALLOWED_PRIVATE_HOSTS: "10.0.0.0/33,http://x" })).toThrow(
      /ALLOWED_PRIVATE_HOSTS: "10\.0\.0\.0\/33" is not a host name, IP address, CIDR range or \*[\s\S]*"http:\/\/x"/,
    );
  });
});
