import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/components/auth/safe-next";

const FALLBACK = "/campaigns";

// Known open-redirect payloads, as they arrive in `?next=` once the query string is decoded, and
// each once more percent-encoded (a second decode somewhere must not revive them).
const payloads = [
  "//evil.example",
  "//evil.example/ok",
  "///evil.example",
  "/\\evil.example",
  "/\\/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/127.0.0.1:9901/ok",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d/evil.example",
  "/%2f/evil.example",
  "/%5cevil.example",
  "/%5c%5cevil.example",
  "%2f%2fevil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "/a/..//evil.example",
  "/ /evil.example",
  "/\u00a0/evil.example",
  "/\u2028/evil.example",
  "/\u0000/evil.example",
  "https://evil.example",
  "https:evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "",
  " /campaigns",
];

describe("safeNext", () => {
  it.each(payloads)("refuses %j", (payload) => {
    expect(safeNext(payload)).toBe(FALLBACK);
    expect(safeNext(encodeURIComponent(payload))).toBe(FALLBACK);
  });

  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeNext("/leads")).toBe("/leads");
    expect(safeNext("/campaigns/abc?tab=steps#top")).toBe("/campaigns/abc?tab=steps#top");
    expect(safeNext("/invite/0a1b2c")).toBe("/invite/0a1b2c");
    expect(safeNext("/search?q=a%20b")).toBe("/search?q=a%20b");
  });

  it("falls back for missing, repeated or malformed values", () => {
    expect(safeNext(undefined)).toBe(FALLBACK);
    expect(safeNext(["//evil.example", "/leads"])).toBe(FALLBACK);
    expect(safeNext(["/leads", "//evil.example"])).toBe("/leads");
    expect(safeNext("/%E0%A4%A")).toBe(FALLBACK);
    expect(safeNext(`/${"a".repeat(3000)}`)).toBe(FALLBACK);
  });

  it("returns the path a browser would resolve, never one that becomes another host", () => {
    for (const payload of payloads) {
      const target = new URL(safeNext(payload), "https://app.example");
      expect(target.origin).toBe("https://app.example");
    }
  });
});
