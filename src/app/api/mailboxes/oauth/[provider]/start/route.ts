import { getAuth } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import { redirectToMailboxes } from "@/lib/mailboxes/oauth/oauth-redirects";
import { startMailboxOAuth } from "@/lib/mailboxes/oauth/start-mailbox-oauth";
import { requireRole, resolveCaller } from "@/lib/workspaces/caller";

/** "Connect with Google/Microsoft": off to the provider's consent screen. */
export async function GET(req: Request, ctx: { params: Promise<{ provider: string }> }) {
  try {
    const caller = await resolveCaller(getDb(), getAuth(), req.headers);
    requireRole(caller, "admin"); // connecting a mailbox is an admin's
    const { url, cookie } = startMailboxOAuth((await ctx.params).provider, caller.workspaceId);
    return new Response(null, { status: 303, headers: { location: url, "set-cookie": cookie } });
  } catch (error) {
    return redirectToMailboxes({ error });
  }
}
