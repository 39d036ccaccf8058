import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "../../src/proxy";

// The proxy buffers a request's body (at most 10 MB) before the route sees it: whatever it
// matches cannot stream a large upload. The matcher is compiled exactly as Next compiles it.
// Next's own compiler of `config.matcher` (not in its type declarations)
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers: (matcher: string[], nextConfig: object) => { regexp: string }[];
};
const matchers = getMiddlewareMatchers(config.matcher, {}).map((m) => new RegExp(m.regexp));
const matched = (path: string) => matchers.some((re) => re.test(path));

describe("the proxy (bare-domain redirect) runs on pages only, and on paths with %-escapes", () => {
  it.each(["/", "/login", "/campaigns/abc/edit", "/anything", "/apis", "/track"])("runs on %s", (path) => {
    expect(matched(path)).toBe(true);
  });

  it.each([
    "/api",
    "/api/v1/lead-imports",
    "/api/webhooks/stripe",
    "/api/auth/sign-in/email",
    "/u/token",
    "/t/o/token.gif",
    "/t/c/token",
    "/_next/static/chunk.js",
  ])("stays out of %s", (path) => {
    expect(matched(path)).toBe(false);
  });

  it.each(["/api/v1/leads/%ff", "/u/%ff", "/t/c/%ff", "/invite/%ff", "/api/v1/leads/a%20b"])(
    "runs on %s, a path with a %-escape (Next matches the encoded path)",
    (path) => {
      expect(matched(path)).toBe(true);
    },
  );

  it("answers a malformed %-escape with a 400 (JSON under /api) before Next's decoding turns it into a 500", async () => {
    const api = await proxy(new NextRequest("http://localhost:3000/api/v1/leads/%ff"));
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({
      error: { code: "bad_request", message: "the URL path has a malformed %-escape" },
    });
    const page = await proxy(new NextRequest("http://localhost:3000/u/%ff"));
    expect(page.status).toBe(400);
    expect(await page.text()).toBe("Bad request: the URL path has a malformed %-escape.");
    const fine = await proxy(new NextRequest("http://localhost:3000/api/v1/leads/a%20b"));
    expect(fine.headers.get("x-middleware-next")).toBe("1");
  });
});
