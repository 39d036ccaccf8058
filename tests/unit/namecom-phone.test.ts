import { describe, expect, it } from "vitest";
import { namecomPhone } from "../../src/lib/registrars/namecom-phone";
import { RegistrarError } from "../../src/lib/registrars/types";

/** The message namecomPhone refuses `input` with (fails when it accepts it). */
function refusal(input: string): string {
  try {
    namecomPhone(input);
  } catch (err) {
    expect(err).toBeInstanceOf(RegistrarError);
    expect((err as RegistrarError).code).toBe("rejected");
    return (err as RegistrarError).message;
  }
  throw new Error(`expected ${input} to be refused`);
}

describe("namecomPhone (Name.com Core API: E.164, ^\\+[1-9]\\d{7,14}$)", () => {
  it("normalises the common ways of writing an international number", () => {
    expect(namecomPhone("+1 (555) 555-0100")).toBe("+15555550100");
    expect(namecomPhone("+44 20 7946 0958")).toBe("+442079460958");
    expect(namecomPhone("+1.5555550100")).toBe("+15555550100");
    expect(namecomPhone("  +49-30-901820  ")).toBe("+4930901820");
    expect(namecomPhone("0044 20 7946 0958")).toBe("+442079460958");
    expect(namecomPhone("+33 1.23.45.67.89")).toBe("+33123456789");
    expect(namecomPhone("+61 2/9374 4000")).toBe("+61293744000");
  });

  it('drops the bracketed trunk zero: "+44 (0)20 7946 0958"', () => {
    expect(namecomPhone("+44 (0)20 7946 0958")).toBe("+442079460958");
  });

  it("every accepted value matches Name.com's ContactRequest pattern", () => {
    for (const input of ["+1 (555) 555-0100", "+44 20 7946 0958", "+1.5555550100", "+353 1 234 5678"]) {
      expect(namecomPhone(input)).toMatch(/^\+[1-9]\d{7,14}$/);
    }
  });

  it("refuses a number without its country code", () => {
    expect(refusal("(555) 555-0100")).toContain("the country code is missing");
    expect(refusal("020 7946 0958")).toContain("the country code is missing");
  });

  it("refuses extensions, letters, too few and too many digits, and a country code starting with 0", () => {
    expect(refusal("+1 555 555 0100 x12")).toContain("extension");
    expect(refusal("+1 555 555 0100 ext. 12")).toContain("extension");
    expect(refusal("+1 555 CALL NOW")).toContain("characters other than digits");
    expect(refusal("+1 555 01")).toContain("6 digits");
    expect(refusal("+1 5555 5555 5555 5555")).toContain("17 digits");
    expect(refusal("+0 555 555 0100")).toContain("never starts with 0");
    expect(refusal("   ")).toContain("empty");
  });

  it("says what form it wants, without repeating the number", () => {
    const message = refusal("555 0100");
    expect(message).toContain("+1 555 555 0100");
    expect(message).not.toContain('555 0100"');
  });
});
