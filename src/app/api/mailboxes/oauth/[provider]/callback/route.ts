import { getAuth } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import { finishMailboxOAuth } from "@/lib/mailboxes/oauth/finish-mailbox-oauth";
import { redirectToMailboxes } from "@/lib/mailboxes/oauth/oauth-redirects";
import { requireRole, resolveCaller } from "@/lib/workspaces/caller";

/** The provider sends the browser back here with a code: connect the mailbox, back to the list. */
export async function GET(req: Request, ctx: { params: Promise<{ provider: string }> }) {
  try {
    const caller = await resolveCaller(getDb(), getAuth(), req.headers);
    requireRole(caller, "admin"); // connecting a mailbox is an admin's
    const mailbox = await finishMailboxOAuth(getDb(), {
      provider: (await ctx.params).provider,
      workspaceId: caller.workspaceId,
      query: new URL(req.url).searchParams,
      cookieHeader: req.headers.get("cookie"),
    });
    return redirectToMailboxes({ connected: mailbox.email });
  } catch (error) {
    return redirectToMailboxes({ error });
  }
}
