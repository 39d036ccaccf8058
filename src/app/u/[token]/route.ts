import { readBodyText, readParam } from "@/lib/api/read-request";
import { getDb } from "@/lib/db/client";
import { unsubscribe, unsubscribeTarget } from "@/lib/sending/track-event";

// GET shows a confirmation (link scanners follow GETs, so a GET never unsubscribes);
// POST unsubscribes: the page's button, and mail providers' RFC 8058 one-click.
export async function GET(_req: Request, ctx: { params: Promise<{ token: string }> }) {
  const token = await readParam(ctx, "token").catch(() => null);
  if (token === null) return invalidLink(400);
  const target = await unsubscribeTarget(getDb(), token);
  if (!target) return invalidLink(404);
  return page(
    "Unsubscribe",
    `<p>Stop emails to <strong>${escapeHtml(target.email)}</strong>?</p>
     <form method="post"><button type="submit">Unsubscribe</button></form>`,
  );
}

export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const token = await readParam(ctx, "token").catch(() => null);
  if (token === null) return invalidLink(400);
  // RFC 8058: a mail provider's one-click POST says `List-Unsubscribe=One-Click`; the page's button does not
  const form = await readBodyText(req, 4096).catch(() => "");
  const via = /List-Unsubscribe=One-Click/i.test(form) ? "one_click" : "link";
  const done = await unsubscribe(getDb(), token, via);
  if (!done) return invalidLink(404);
  return page(
    "Unsubscribed",
    `<p><strong>${escapeHtml(done.email)}</strong> will not receive further emails.</p>`,
  );
}

// a malformed link (bad %-escape, NUL) is 400, a well-formed one we did not sign 404: never a 500
const invalidLink = (status: 400 | 404) =>
  page("Link not valid", "<p>This unsubscribe link is not valid.</p>", status);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, status = 200) {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:15vh auto;padding:0 1rem;color:#222}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#4c6ef5;color:#fff;cursor:pointer}</style>
</head><body><h1>${title}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );
}
