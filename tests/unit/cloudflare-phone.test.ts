import { describe, expect, it } from "vitest";
import { cloudflarePhone } from "../../src/lib/registrars/cloudflare-contact";
import { RegistrarError } from "../../src/lib/registrars/types";

describe("cloudflarePhone: the +CC.NUMBER form Cloudflare documents", () => {
  it("keeps the dotted form and removes spaces, dashes and brackets", () => {
    expect(cloudflarePhone("+1.5555550100")).toBe("+1.5555550100");
    expect(cloudflarePhone("+44.20 7123-4567")).toBe("+44.2071234567");
  });

  it("splits plain E.164 after its country code: one digit (1, 7), two digits, three digits", () => {
    expect(cloudflarePhone("+1 (555) 555-0100")).toBe("+1.5555550100");
    expect(cloudflarePhone("+7 495 123 45 67")).toBe("+7.4951234567");
    expect(cloudflarePhone("+44 20 7123 4567")).toBe("+44.2071234567");
    expect(cloudflarePhone("+81312345678")).toBe("+81.312345678");
    expect(cloudflarePhone("+353 1 234 5678")).toBe("+353.12345678");
    expect(cloudflarePhone("+971 4 123 4567")).toBe("+971.41234567");
  });

  it("refuses a number without its country code", () => {
    expect(() => cloudflarePhone("020 7123 4567")).toThrow(RegistrarError);
    expect(() => cloudflarePhone("020 7123 4567")).toThrow(
      'The registrant phone "020 7123 4567" is not a phone number in international form (+CC.NUMBER, e.g. +44.2071234567)',
    );
  });
});
