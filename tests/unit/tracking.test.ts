import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addTracking, signToken, verifyToken } from "../../src/lib/sending/tracking";

const secret = randomBytes(32);

describe("tracking tokens and links", () => {
  it("round-trips and rejects any edit or another key", () => {
    const t = signToken({ k: "c", s: "se_1", u: "https://example.com/a?b=1" }, secret);
    expect(verifyToken(t, secret)).toEqual({ k: "c", s: "se_1", u: "https://example.com/a?b=1" });
    const [body, mac] = t.split(".");
    const forged = Buffer.from(JSON.stringify({ k: "c", s: "se_1", u: "https://evil.test" })).toString(
      "base64url",
    );
    expect(verifyToken(`${forged}.${mac}`, secret)).toBeNull();
    expect(verifyToken(`${body}.AAAA`, secret)).toBeNull();
    expect(verifyToken(t, randomBytes(32))).toBeNull();
    expect(verifyToken("garbage", secret)).toBeNull();
  });

  it("rewrites only http(s) links, keeps mailto and the skipped unsubscribe link, adds one pixel", () => {
    const html =
      '<p><a href="https://site.test/x?a=1&amp;b=2">site</a> <a href="mailto:me@x.test">mail</a> <a href="https://app.test/u/abc">unsub</a></p>';
    const out = addTracking(html, {
      base: "https://t.test",
      sentEmailId: "se_9",
      opens: true,
      clicks: true,
      skip: ["https://app.test/u/abc"],
    });
    const links = [...out.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links[0]).toMatch(/^https:\/\/t\.test\/t\/c\//);
    const token = links[0]!.split("/t/c/")[1]!;
    // the token carries the real URL (entities decoded)
    expect(token.length).toBeGreaterThan(10);
    expect(links[1]).toBe("mailto:me@x.test");
    expect(links[2]).toBe("https://app.test/u/abc");
    expect(out.match(/<img src="https:\/\/t\.test\/t\/o\//g)).toHaveLength(1);
    const plain = addTracking(html, {
      base: "https://t.test",
      sentEmailId: "se_9",
      opens: false,
      clicks: false,
    });
    expect(plain).toBe(html);
  });
});
