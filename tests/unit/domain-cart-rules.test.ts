import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../src/lib/config/env";
import { accountCapProblem } from "../../src/lib/domains/account-cap-problem";
import { extensionValuesSchema, missingExtensionFields } from "../../src/lib/domains/extension-values-schema";
import { firstTermQuote } from "../../src/lib/domains/first-term-quote";
import type { ExtensionField } from "../../src/lib/registrars/types";

// the rules a registrar states for .us (Cloudflare's contact extensions): a choice and a pattern
const usFields: ExtensionField[] = [
  {
    key: "us_nexus",
    label: "Nexus category",
    required: true,
    options: [
      { value: "C11", label: "US citizen" },
      { value: "C21", label: "US organisation" },
    ],
    help: "How the registrant is connected to the United States",
  },
  { key: "us_purpose", label: "Purpose", required: true, pattern: "^P[1-5]$" },
  { key: "us_note", label: "Note", required: false },
];

describe("first-term quote", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, { DOMAIN_MARKUP_PERCENT: "10", DOMAIN_MARKUP_CENTS: "50" });
    resetEnvCache();
  });
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("prices the TLD's minimum term as registrars charge it: .ai's first year, then a renewal year", () => {
    // 7000 + 10% = 7700, + 50 = 7750; 8000 + 10% = 8800, + 50 = 8850
    expect(firstTermQuote({ registrationCents: 7000, renewalCents: 8000 }, { minYears: 2 })).toEqual({
      years: 2,
      costCents: 15_000,
      priceCents: 7750 + 8850,
      renewalCostCents: 8000,
      renewalPriceCents: 8850,
    });
  });

  it("without a renewal price, later years of the term are priced as the first", () => {
    expect(firstTermQuote({ registrationCents: 7000, renewalCents: null }, { minYears: 2 })).toMatchObject({
      costCents: 14_000,
      priceCents: 7750 * 2,
      renewalPriceCents: null,
    });
  });

  it("a one-year TLD costs one year; an unknown renewal stays unknown", () => {
    expect(firstTermQuote({ registrationCents: 1044, renewalCents: null }, { minYears: 1 })).toEqual({
      years: 1,
      costCents: 1044,
      priceCents: Math.ceil((1044 * 110) / 100) + 50,
      renewalCostCents: null,
      renewalPriceCents: null,
    });
  });

  it("never sells less than a year, whatever a registrar says", () => {
    expect(firstTermQuote({ registrationCents: 1000, renewalCents: 1000 }, { minYears: 0 }).years).toBe(1);
  });
});

describe("extension values", () => {
  const schema = extensionValuesSchema(usFields);

  it("accepts an option the field lists and a value matching its pattern", () => {
    expect(schema.parse({ us_nexus: "C11", us_purpose: "P3" })).toEqual({
      us_nexus: "C11",
      us_purpose: "P3",
    });
  });

  it("refuses a value outside the options, one not matching the pattern, and a key the TLD does not ask", () => {
    const r = schema.safeParse({ us_nexus: "C99", us_purpose: "P9", other: "x" });
    expect(r.success).toBe(false);
    const byPath = r.error!.issues.map((i) => [i.code === "unrecognized_keys" ? i.keys : i.path, i.message]);
    expect(byPath).toEqual([
      [["us_nexus"], "choose one of: US citizen, US organisation"],
      [["us_purpose"], "Purpose is not in the form the registry asks for"],
      [["other"], 'Unrecognized key: "other"'],
    ]);
  });

  it("holds the whole value to the pattern, not a part of it", () => {
    const anchored = extensionValuesSchema([{ key: "k", label: "K", required: true, pattern: "[0-9]{3}" }]);
    expect(anchored.safeParse({ k: "123" }).success).toBe(true);
    expect(anchored.safeParse({ k: "x1234" }).success).toBe(false);
  });

  it("lists the required fields still without a value (blank counts as none)", () => {
    expect(missingExtensionFields(usFields, null).map((f) => f.key)).toEqual(["us_nexus", "us_purpose"]);
    expect(missingExtensionFields(usFields, { us_nexus: "C11", us_purpose: "  " }).map((f) => f.key)).toEqual(
      ["us_purpose"],
    );
    expect(missingExtensionFields(usFields, { us_nexus: "C11", us_purpose: "P1" })).toEqual([]);
    expect(missingExtensionFields([], null)).toEqual([]);
  });
});

describe("account cap", () => {
  it("says nothing while the cart fits under the cap", () => {
    expect(
      accountCapProblem({
        registrar: "cloudflare",
        workspaceAccount: true,
        held: 97,
        inFlight: 0,
        max: 100,
        names: ["a.com", "b.com", "c.com"],
      }),
    ).toBeNull();
  });

  it("counts the purchases on their way to the account", () => {
    expect(
      accountCapProblem({
        registrar: "cloudflare",
        workspaceAccount: true,
        held: 97,
        inFlight: 2,
        max: 100,
        names: ["a.com", "b.com"],
      })?.message,
    ).toBe(
      "Your Cloudflare account holds 97 of at most 100 domains (2 more being registered): only 1 more fit, and 2 domains in your cart are bought through it (a.com, b.com). Remove 1 domain before checking out.",
    );
  });

  it("says how many fit and how many to remove when the cart would pass it", () => {
    expect(
      accountCapProblem({
        registrar: "cloudflare",
        workspaceAccount: false,
        held: 99,
        inFlight: 0,
        max: 100,
        names: ["a.com", "b.com", "c.com"],
      }),
    ).toEqual({
      about: "cloudflare",
      message:
        "The platform's Cloudflare account holds 99 of at most 100 domains: only 1 more fit, and 3 domains in your cart are bought through it (a.com, b.com, c.com). Remove 2 domains before checking out.",
    });
    expect(
      accountCapProblem({
        registrar: "cloudflare",
        workspaceAccount: true,
        held: 100,
        inFlight: 0,
        max: 100,
        names: ["a.com"],
      })?.message,
    ).toBe(
      "Your Cloudflare account holds 100 of at most 100 domains: no more fit, and 1 domain in your cart is bought through it (a.com). Remove 1 domain before checking out.",
    );
  });
});
