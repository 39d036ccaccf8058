import { describe, expect, it } from "vitest";
import {
  hostTerm,
  isSpf,
  mergeSpf,
  parseSpf,
  removeSpfTerms,
  spfHasTerms,
  spfTerms,
} from "../../src/lib/dns/spf";

describe("SPF terms from presets", () => {
  it("maps the mailbox providers to their includes and custom hosts/IPs to a:/ip4:/ip6:", () => {
    expect(spfTerms({ preset: "google" })).toEqual(["include:_spf.google.com"]);
    expect(spfTerms({ preset: "microsoft" })).toEqual(["include:spf.protection.outlook.com"]);
    expect(
      spfTerms({
        preset: "custom",
        hosts: ["smtp.mailer.example", "SMTP.Gmail.com", "203.0.113.5"],
        ips: ["192.0.2.10", "2001:db8::1", "198.51.100.0/24"],
      }),
    ).toEqual([
      "a:smtp.mailer.example",
      "include:_spf.google.com",
      "ip4:203.0.113.5",
      "ip4:192.0.2.10",
      "ip6:2001:db8::1",
      "ip4:198.51.100.0/24",
    ]);
  });

  it("treats a known provider's SMTP host as its preset", () => {
    expect(hostTerm("smtp.office365.com")).toBe("include:spf.protection.outlook.com");
    expect(hostTerm("smtp.gmail.com.")).toBe("include:_spf.google.com");
    expect(hostTerm("mail.example.org")).toBe("a:mail.example.org");
  });

  it("refuses something that is not an IP where an IP is expected", () => {
    expect(() => spfTerms({ preset: "custom", ips: ["mail.example.org"] })).toThrow(/not an IP/);
  });
});

describe("parseSpf / mergeSpf", () => {
  it("parses terms, the all qualifier and a redirect", () => {
    expect(parseSpf("v=spf1 ip4:192.0.2.1 include:x.test -all")).toEqual({
      terms: ["ip4:192.0.2.1", "include:x.test"],
      all: "-all",
      redirect: null,
    });
    expect(parseSpf("v=spf1 redirect=_spf.example.net")).toEqual({
      terms: [],
      all: null,
      redirect: "_spf.example.net",
    });
    expect(isSpf("V=SPF1 -all")).toBe(true);
    expect(isSpf("v=spf10")).toBe(false);
    expect(() => parseSpf("google-site-verification=x")).toThrow();
  });

  it("a fresh record: our terms and ~all", () => {
    expect(mergeSpf([], ["include:_spf.google.com"])).toBe("v=spf1 include:_spf.google.com ~all");
    expect(mergeSpf([], [])).toBe("v=spf1 ~all");
  });

  it("adds our terms before the existing all, keeps its qualifier, never duplicates", () => {
    const existing = "v=spf1 include:_spf.partner.test ip4:192.0.2.1 -all";
    const merged = mergeSpf([existing], ["ip4:192.0.2.1", "include:_spf.google.com"]);
    expect(merged).toBe("v=spf1 include:_spf.partner.test ip4:192.0.2.1 include:_spf.google.com -all");
    // merging the result again changes nothing
    expect(mergeSpf([merged], ["ip4:192.0.2.1", "include:_spf.google.com"])).toBe(merged);
    expect(spfHasTerms(merged, ["INCLUDE:_spf.google.com"])).toBe(true);
    expect(spfHasTerms(merged, ["a:other.test"])).toBe(false);
  });

  it("folds two existing SPF records into one", () => {
    expect(mergeSpf(["v=spf1 a -all", "v=spf1 mx ~all"], ["ip4:192.0.2.9"])).toBe(
      "v=spf1 a mx ip4:192.0.2.9 -all",
    );
  });

  it("turns an existing redirect into an include so our terms are not skipped", () => {
    expect(mergeSpf(["v=spf1 redirect=_spf.host.test"], ["ip4:192.0.2.9"])).toBe(
      "v=spf1 ip4:192.0.2.9 include:_spf.host.test ~all",
    );
  });
});

describe("removeSpfTerms", () => {
  it("takes back terms a previous choice added and keeps everything else", () => {
    expect(removeSpfTerms("v=spf1 include:_spf.partner.test ip4:192.0.2.10 -all", ["IP4:192.0.2.10"])).toBe(
      "v=spf1 include:_spf.partner.test -all",
    );
    expect(removeSpfTerms("v=spf1 a ~all", [])).toBe("v=spf1 a ~all");
  });
});
