import { describe, expect, it } from "vitest";
import { htmlToText, render, requiredVariables } from "../../src/lib/campaigns/template";

const lead = {
  email: "ada@example.com",
  firstName: "Ada",
  lastName: "Lovelace",
  company: "Analytical <Engines> & Co",
  title: null,
  phone: null,
  website: null,
  customFields: { Industry: "Computing", "pain point": "bugs" },
};

describe("templates", () => {
  it("fills variables, falls back when empty, and reads custom fields by header", () => {
    const t =
      'Hi {{firstName}}, {{ title | "friend" }} at {{company}} in {{industry}} ({{custom.pain point}})';
    expect(render(t, lead, { mode: "text", seed: "x" })).toBe(
      "Hi Ada, friend at Analytical <Engines> & Co in Computing (bugs)",
    );
    expect(render("{{title|'there'}}", lead, { mode: "text", seed: "x" })).toBe("there");
    expect(render("{{unknown}}!", lead, { mode: "text", seed: "x" })).toBe("!");
  });

  it("escapes values in HTML and strips line breaks in headers", () => {
    expect(render("<b>{{company}}</b>", lead, { mode: "html", seed: "x" })).toBe(
      "<b>Analytical &lt;Engines&gt; &amp; Co</b>",
    );
    const evil = { ...lead, firstName: "Eve\r\nBcc: victim@example.com" };
    const subject = render("Hello {{firstName}}", evil, { mode: "header", seed: "x" });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe("Hello Eve Bcc: victim@example.com");
  });

  it("spins {a|b} the same way for the same seed, covering every option across seeds", () => {
    const t = "{Hi|Hello|Hey} {{firstName}}";
    expect(render(t, lead, { mode: "text", seed: "lead-1" })).toBe(
      render(t, lead, { mode: "text", seed: "lead-1" }),
    );
    const seen = new Set(
      Array.from({ length: 200 }, (_, i) => render(t, lead, { mode: "text", seed: `s${i}` })),
    );
    expect(seen).toEqual(new Set(["Hi Ada", "Hello Ada", "Hey Ada"]));
    expect(render("{a|{b|c}}", lead, { mode: "text", seed: "n" })).toMatch(/^[abc]$/);
  });

  it("never spins text that came from a lead", () => {
    const l = { ...lead, firstName: "{x|y}" };
    expect(render("{{firstName}}", l, { mode: "text", seed: "x" })).toBe("{x|y}");
  });

  it("lists variables that have no fallback", () => {
    expect(requiredVariables('{{firstName}} {{company | "you"}} {{industry}} {{firstName}}').sort()).toEqual([
      "firstName",
      "industry",
    ]);
  });

  it("turns HTML into readable text", () => {
    expect(htmlToText('<p>Hi &amp; bye</p><p>See <a href="https://x.test/a">our site</a></p>')).toBe(
      "Hi & bye\nSee our site (https://x.test/a)",
    );
  });

  it("leaves out of the text what a reader never sees: scripts, styles, the head, comments", () => {
    const html =
      "<html><head><title>T</title><style>p { color: red }</style></head><body>" +
      "<p>Hello</p><script>alert(3)</script><!-- internal note --><SCRIPT type='x'>x()</SCRIPT >" +
      "<header>Top</header><p>Bye</p></body></html>";
    expect(htmlToText(html)).toBe("Hello\nTop\nBye");
    // an unclosed script hides everything after it, as in a browser
    expect(htmlToText("<p>Hi</p><script>alert(1)<p>more</p>")).toBe("Hi");
  });
});
