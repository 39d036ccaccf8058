import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { describe, expect, it } from "vitest";
import { config } from "../../src/proxy";

// The proxy buffers a request's body (at most 10 MB) before the route sees it: whatever it
// matches cannot stream a large upload. The matcher is compiled exactly as Next compiles it.
// Next's own compiler of `config.matcher` (not in its type declarations)
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers: (matcher: string[], nextConfig: object) => { regexp: string }[];
};
const matchers = getMiddlewareMatchers(config.matcher, {}).map((m) => new RegExp(m.regexp));
const matched = (path: string) => matchers.some((re) => re.test(path));

describe("the proxy (bare-domain redirect) runs on pages only", () => {
  it.each(["/", "/login", "/campaigns/abc/edit", "/anything", "/apis", "/track"])("runs on %s", (path) => {
    expect(matched(path)).toBe(true);
  });

  it.each([
    "/api",
    "/api/v1/lead-imports",
    "/api/v1/leads/%ff",
    "/api/webhooks/stripe",
    "/api/auth/sign-in/email",
    "/u/token",
    "/t/o/token.gif",
    "/t/c/token",
    "/_next/static/chunk.js",
  ])("stays out of %s", (path) => {
    expect(matched(path)).toBe(false);
  });
});
