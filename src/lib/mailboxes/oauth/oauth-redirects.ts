import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { OAUTH_COOKIE } from "./oauth-state";

/**
 * The OAuth routes answer a browser, not an API client: every outcome is a redirect back to the
 * mailboxes page, with what happened in the query string for the page to show.
 */
export function redirectToMailboxes(outcome: { connected: string } | { error: unknown }): Response {
  const url = new URL("/mailboxes", env().APP_URL);
  if ("connected" in outcome) url.searchParams.set("connected", outcome.connected);
  else {
    const err = outcome.error;
    if (!(err instanceof AppError)) logger.error({ err }, "mailbox OAuth failed");
    if (err instanceof AppError && err.code === "unauthorized") {
      return Response.redirect(new URL("/login?next=/mailboxes", env().APP_URL), 303);
    }
    url.searchParams.set(
      "oauthError",
      err instanceof AppError ? err.message : "the connection failed: try again",
    );
  }
  return new Response(null, {
    status: 303,
    headers: {
      location: url.toString(),
      // the state cookie is single-use
      "set-cookie": `${OAUTH_COOKIE}=; Path=/api/mailboxes/oauth; HttpOnly; SameSite=Lax; Max-Age=0`,
    },
  });
}
