import { readParam } from "@/lib/api/read-request";
import { getDb } from "@/lib/db/client";
import { trackOpen } from "@/lib/sending/track-event";

// 1×1 transparent GIF
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

// The pixel is served whatever the token: a mail client shows no error for it.
export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const token = await readParam(ctx, "token").catch(() => null);
  if (token)
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
