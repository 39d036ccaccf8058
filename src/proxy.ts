import { type NextRequest, NextResponse } from "next/server";
import { redirectTargetForHost } from "@/lib/domains/redirects";
import { logger } from "@/lib/logger";

/**
 * Requests for a sending domain's bare name (or www.) that the user chose to redirect to their
 * company's site get a permanent redirect there; everything else passes through untouched. Requests
 * for the app's own host, an IP address or localhost never query the database.
 */
export async function proxy(request: NextRequest) {
  const malformed = malformedPathResponse(request.url);
  if (malformed) return malformed;
  const host = request.headers.get("host") ?? "";
  try {
    const target = await redirectTargetForHost(host);
    if (target) return NextResponse.redirect(target, 301);
  } catch (err) {
    logger.warn({ err, host }, "redirect lookup failed: request passed through");
  }
  return NextResponse.next();
}

/**
 * Next.js decodes a dynamic route's parameters before the route runs and answers a bad %-escape
 * (`/api/v1/leads/%ff`, `/u/%ff`) with a bare 500 that no route can catch. The proxy sees the path
 * still encoded, so it refuses such paths first: 400, JSON under /api.
 */
function malformedPathResponse(url: string): Response | undefined {
  const { pathname } = new URL(url);
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    const message = "the URL path has a malformed %-escape";
    if (pathname.startsWith("/api/"))
      return Response.json({ error: { code: "bad_request", message } }, { status: 400 });
    return new Response(`Bad request: ${message}.`, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
}

export const config = {
  // Pages only. Next's proxy holds at most 10 MB of a request body, so a route it matches cannot
  // take a larger upload or JSON body: /api (uploads, JSON, webhooks), the tracking and
  // unsubscribe routes (/t, /u) and Next's own assets are left out — none needs the bare-domain
  // redirect, which is for people typing the domain's name. Any path with a %-escape is matched
  // too (Next matches the path still encoded), so a malformed one gets its 400 here.
  matcher: ["/((?!api(?:/|$)|t/|u/|_next/static|_next/image|favicon.ico).*)", "/(.*%.*)"],
};
