import { type NextRequest, NextResponse } from "next/server";
import { redirectTargetForHost } from "@/lib/domains/redirects";
import { logger } from "@/lib/logger";

/**
 * Requests for a sending domain's bare name (or www.) that the user chose to redirect to their
 * company's site get a permanent redirect there; everything else passes through untouched. Requests
 * for the app's own host, an IP address or localhost never query the database.
 */
export async function proxy(request: NextRequest) {
  const host = request.headers.get("host") ?? "";
  try {
    const target = await redirectTargetForHost(host);
    if (target) return NextResponse.redirect(target, 301);
  } catch (err) {
    logger.warn({ err, host }, "redirect lookup failed: request passed through");
  }
  return NextResponse.next();
}

export const config = {
  // Pages only. Next's proxy holds at most 10 MB of a request body, so a route it matches cannot
  // take a larger upload or JSON body: /api (uploads, JSON, webhooks), the tracking and
  // unsubscribe routes (/t, /u) and Next's own assets are left out — none needs the bare-domain
  // redirect, which is for people typing the domain's name.
  matcher: ["/((?!api(?:/|$)|t/|u/|_next/static|_next/image|favicon.ico).*)"],
};
