import { describe, expect, it } from "vitest";
import { displayName, normalizeTld, parseDomainInput } from "../../src/lib/domains/names";

const ok = (input: string) => {
  const r = parseDomainInput(input);
  if (!r.ok) throw new Error(`expected ${input} to parse: ${r.message}`);
  return r.value;
};
const message = (input: string) => {
  const r = parseDomainInput(input);
  if (r.ok) throw new Error(`expected ${input} to be refused`);
  return r.message;
};

describe("parseDomainInput", () => {
  it("takes bare labels and full names in any case, with a scheme, www or a trailing dot", () => {
    expect(ok("Acme")).toEqual({ label: "acme", tld: null, name: null });
    expect(ok(" acme.IO ")).toEqual({ label: "acme", tld: "io", name: "acme.io" });
    expect(ok("https://www.acme.com/")).toEqual({ label: "acme", tld: "com", name: "acme.com" });
    expect(ok("acme.com.")).toMatchObject({ name: "acme.com" });
    expect(ok("acme.co.uk")).toEqual({ label: "acme", tld: "co.uk", name: "acme.co.uk" });
  });

  it("turns international names into punycode and back for display", () => {
    expect(ok("münchen.de")).toEqual({ label: "xn--mnchen-3ya", tld: "de", name: "xn--mnchen-3ya.de" });
    expect(ok("Bücher")).toMatchObject({ label: "xn--bcher-kva", tld: null });
    expect(ok("xn--mnchen-3ya.de").name).toBe("xn--mnchen-3ya.de");
    expect(displayName("xn--mnchen-3ya.de")).toBe("münchen.de");
    expect(displayName("acme.com")).toBe("acme.com");
  });

  it("says what is wrong with each bad input", () => {
    expect(message("")).toBe("is empty");
    expect(message("-acme.com")).toBe("starts or ends with a hyphen");
    expect(message("acme-.com")).toBe("starts or ends with a hyphen");
    expect(message("ab--cd.com")).toMatch(/3rd and 4th positions/);
    expect(message("acme_co.com")).toBe('contains "_": only letters, digits and hyphens are allowed');
    expect(message("acme co")).toMatch(/spaces/);
    expect(message(`${"a".repeat(64)}.com`)).toBe("has a label of 64 characters; at most 63 are allowed");
    expect(message("mail.acme.com")).toMatch(/subdomain/);
    expect(message("acme..com")).toMatch(/empty label/);
    expect(message("acme.c0m")).toBe("the TLD may contain letters only");
    expect(message("acme.c")).toBe("the TLD is too short");
    expect(message("xn--zz.com")).toMatch(/not valid punycode/);
  });

  it("accepts 63-character labels and hyphens inside", () => {
    expect(ok(`${"a".repeat(63)}.com`).label).toHaveLength(63);
    expect(ok("my-acme-co.com").label).toBe("my-acme-co");
  });
});

describe("normalizeTld", () => {
  it("takes TLDs with or without a dot and refuses bad ones", () => {
    expect(normalizeTld(".COM")).toMatchObject({ ok: true, tld: "com" });
    expect(normalizeTld("co.uk")).toMatchObject({ ok: true, tld: "co.uk" });
    expect(normalizeTld("рф")).toMatchObject({ ok: true, tld: "xn--p1ai" });
    expect(normalizeTld("c_m")).toMatchObject({ ok: false });
  });
});
