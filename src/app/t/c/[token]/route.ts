import { getDb } from "@/lib/db/client";
import { trackClick } from "@/lib/sending/track-event";

export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const url = await trackClick(getDb(), token, req.headers.get("user-agent") ?? undefined);
  if (!url)
    return new Response("This link is not valid.", {
      status: 404,
      headers: { "content-type": "text/plain" },
    });
  return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
}
