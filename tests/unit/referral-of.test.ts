import { describe, expect, it } from "vitest";
import { referralOf } from "../../src/lib/inbox/referral-of";

describe("the address a wrong-person reply points to", () => {
  it("is the first address in the reply's own words that is not already in the conversation", () => {
    expect(
      referralOf("I'm not the right person. Please reach out to Dana Li (dana.li@acme.com) instead.", [
        "sam@acme.com",
        "alex@outreach.test",
      ]),
    ).toBe("dana.li@acme.com");
    expect(referralOf("Wrong person — try PROCUREMENT@Acme.com.", ["sam@acme.com"])).toBe(
      "procurement@acme.com",
    );
  });

  it("skips the people already writing, and quoted text", () => {
    expect(
      referralOf(
        "Not my area, sorry. Sam (sam@acme.com)\n\nOn Mon, Alex <alex@outreach.test> wrote:\n> hello bob@x.com",
        ["sam@acme.com", "alex@outreach.test"],
      ),
    ).toBeNull();
  });
});
