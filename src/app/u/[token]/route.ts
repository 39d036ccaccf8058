import { getDb } from "@/lib/db/client";
import { unsubscribe, unsubscribeTarget } from "@/lib/sending/track-event";

// GET shows a confirmation (link scanners follow GETs, so a GET never unsubscribes);
// POST unsubscribes: the page's button, and mail providers' RFC 8058 one-click.
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const target = await unsubscribeTarget(getDb(), token);
  if (!target) return page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404);
  return page(
    "Unsubscribe",
    `<p>Stop emails to <strong>${escapeHtml(target.email)}</strong>?</p>
     <form method="post"><button type="submit">Unsubscribe</button></form>`,
  );
}

export async function POST(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const done = await unsubscribe(getDb(), token);
  if (!done) return page("Link not valid", "<p>This unsubscribe link is not valid.</p>", 404);
  return page(
    "Unsubscribed",
    `<p><strong>${escapeHtml(done.email)}</strong> will not receive further emails.</p>`,
  );
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, status = 200) {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:15vh auto;padding:0 1rem;color:#222}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#4c6ef5;color:#fff;cursor:pointer}</style>
</head><body><h1>${title}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}
