import { describe, expect, it } from "vitest";
import {
  type DnsblZone,
  decodeDnsblAnswer,
  decodeDnsblCode,
  kindOfZone,
  parseDnsblZones,
} from "../../src/lib/dns/dnsbl";

const dbl: DnsblZone = { zone: "dbl.spamhaus.org", kind: "spamhaus-dbl" };
const surbl: DnsblZone = { zone: "multi.surbl.org", kind: "surbl" };
const uribl: DnsblZone = { zone: "multi.uribl.com", kind: "uribl" };
const generic: DnsblZone = { zone: "bl.example.net", kind: "generic" };

describe("DNSBL zones", () => {
  it("reads the default zones with kinds from their names, and explicit kinds", () => {
    expect(parseDnsblZones("dbl.spamhaus.org, multi.surbl.org,multi.uribl.com.")).toEqual([
      dbl,
      surbl,
      uribl,
    ]);
    expect(parseDnsblZones("dbl.local.test=spamhaus-dbl,,bl.example.net")).toEqual([
      { zone: "dbl.local.test", kind: "spamhaus-dbl" },
      generic,
    ]);
    expect(() => parseDnsblZones("x.test=weird")).toThrow(/unknown kind "weird"/);
    expect(kindOfZone("dbl.spamhaus.org")).toBe("spamhaus-dbl");
  });
});

describe("Spamhaus DBL codes", () => {
  it("lists 127.0.1.2–106 with the reason", () => {
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.2")).toEqual({ state: "listed", reason: "spam domain" });
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.4").reason).toBe("phishing domain");
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.5").reason).toBe("malware domain");
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.6").reason).toMatch(/botnet/);
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.102").reason).toMatch(/abused legitimate/);
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.50")).toEqual({
      state: "listed",
      reason: "listed (code 127.0.1.50)",
    });
  });

  it("reads refusals and errors as unknown, with why, never listed", () => {
    for (const [code, why] of [
      ["127.255.255.254", /public or open resolver/],
      ["127.255.255.255", /rate limited/],
      ["127.255.255.252", /typing error/],
      ["127.0.1.255", /DBL error/],
    ] as const) {
      const d = decodeDnsblCode("spamhaus-dbl", code);
      expect(d.state).toBe("unknown");
      expect(d.reason).toMatch(why);
    }
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.0.2").state).toBe("unknown");
    expect(decodeDnsblCode("spamhaus-dbl", "127.0.1.107").state).toBe("unknown");
  });
});

describe("SURBL and URIBL codes", () => {
  it("decodes the SURBL bitmask into its lists", () => {
    expect(decodeDnsblCode("surbl", "127.0.0.8")).toEqual({
      state: "listed",
      reason: "phishing",
      lists: ["ph"],
    });
    expect(decodeDnsblCode("surbl", "127.0.0.24")).toMatchObject({ state: "listed", lists: ["ph", "mw"] });
    expect(decodeDnsblCode("surbl", "127.0.0.64")).toMatchObject({ lists: ["abuse"] });
    expect(decodeDnsblCode("surbl", "127.0.0.1").state).toBe("unknown");
  });

  it("reads URIBL 127.0.0.1 as a refusal, the bitmask as black/grey/red", () => {
    expect(decodeDnsblCode("uribl", "127.0.0.1")).toMatchObject({
      state: "unknown",
      reason: expect.stringMatching(/refused/),
    });
    expect(decodeDnsblCode("uribl", "127.0.0.2")).toMatchObject({ state: "listed", lists: ["black"] });
    expect(decodeDnsblCode("uribl", "127.0.0.14")).toMatchObject({ lists: ["black", "grey", "red"] });
  });

  it("never lists on an answer outside 127/8 (a resolver rewriting NXDOMAIN)", () => {
    for (const kind of ["spamhaus-dbl", "surbl", "uribl", "generic"] as const) {
      expect(decodeDnsblCode(kind, "203.0.113.7").state).toBe("unknown");
    }
  });

  it("generic lists use RFC 5782 conventions", () => {
    expect(decodeDnsblCode("generic", "127.0.0.2").state).toBe("listed");
    expect(decodeDnsblCode("generic", "127.0.0.1").state).toBe("unknown");
    expect(decodeDnsblCode("generic", "127.255.255.254").state).toBe("unknown");
  });
});

describe("a zone's whole answer", () => {
  it("NXDOMAIN (no answers) is not listed", () => {
    expect(decodeDnsblAnswer(dbl, [])).toEqual({
      ...dbl,
      state: "not_listed",
      codes: [],
      reasons: [],
      lists: [],
    });
  });

  it("a listing wins over an error code in the same answer, and its reasons are shown", () => {
    const r = decodeDnsblAnswer(surbl, ["127.0.0.1", "127.0.0.16"]);
    expect(r).toMatchObject({ state: "listed", reasons: ["malware"], lists: ["mw"] });
  });

  it("only refusals read unknown", () => {
    const r = decodeDnsblAnswer(dbl, ["127.255.255.254"]);
    expect(r.state).toBe("unknown");
    expect(r.reasons[0]).toMatch(/refused/);
  });
});
