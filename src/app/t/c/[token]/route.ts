import { readParam } from "@/lib/api/read-request";
import { getDb } from "@/lib/db/client";
import { trackClick } from "@/lib/sending/track-event";

export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const token = await readParam(ctx, "token").catch(() => null);
  const url = token && (await trackClick(getDb(), token, req.headers.get("user-agent") ?? undefined));
  if (!url)
    // a malformed token (bad %-escape, NUL) is 400, one we did not sign 404
    return new Response("This link is not valid.", {
      status: token === null ? 400 : 404,
      headers: { "content-type": "text/plain" },
    });
  return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
}
