import { getDb } from "@/lib/db/client";
import { trackOpen } from "@/lib/sending/track-event";

// 1×1 transparent GIF
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  await trackOpen(getDb(), token.replace(/\.gif$/, ""), req.headers.get("user-agent") ?? undefined).catch(
    () => {},
  );
  return new Response(PIXEL, {
    headers: {
      "content-type": "image/gif",
      "cache-control": "no-store, max-age=0",
      "content-length": String(PIXEL.length),
    },
  });
}
