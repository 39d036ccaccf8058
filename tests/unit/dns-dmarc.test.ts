import { describe, expect, it } from "vitest";
import { buildDmarc, dmarcRecordName, parseDmarc } from "../../src/lib/dns/dmarc";

describe("DMARC", () => {
  it("starts at p=none with aggregate reports to dmarc@<domain>", () => {
    expect(dmarcRecordName("acme.com")).toBe("_dmarc.acme.com");
    expect(buildDmarc("acme.com")).toBe("v=DMARC1; p=none; rua=mailto:dmarc@acme.com; adkim=r; aspf=r");
  });

  it("takes a stricter policy and another report address", () => {
    expect(buildDmarc("acme.com", { policy: "reject", rua: "mailto:reports@dmarc.example" })).toBe(
      "v=DMARC1; p=reject; rua=mailto:reports@dmarc.example; adkim=r; aspf=r",
    );
    expect(buildDmarc("acme.com", { policy: "quarantine", rua: "ops@acme.com" })).toContain(
      "p=quarantine; rua=mailto:ops@acme.com",
    );
  });

  it("parses what it builds and what others publish; rejects what is not DMARC", () => {
    expect(parseDmarc(buildDmarc("acme.com"))).toMatchObject({
      policy: "none",
      rua: ["mailto:dmarc@acme.com"],
      adkim: "r",
      aspf: "r",
    });
    expect(
      parseDmarc("v=DMARC1;p=Reject;sp=quarantine;adkim=s;rua=mailto:a@x.test,mailto:b@y.test"),
    ).toMatchObject({
      policy: "reject",
      subdomainPolicy: "quarantine",
      adkim: "s",
      rua: ["mailto:a@x.test", "mailto:b@y.test"],
    });
    expect(parseDmarc("v=DMARC1; p=bogus")?.policy).toBeNull();
    expect(parseDmarc("v=spf1 -all")).toBeNull();
    // RFC 7489 6.4: the version must read DMARC1 exactly and come first
    expect(parseDmarc("v=dmarc1; p=none")).toBeNull();
    expect(parseDmarc("p=none; v=DMARC1")).toBeNull();
  });
});
