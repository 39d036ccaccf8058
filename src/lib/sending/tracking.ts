import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config/env";

/**
 * Tracking links carry a signed token: the kind, the sent email, and for clicks the exact URL
 * that was in the email. The redirect goes only to a URL we signed, so /t/c is not an open
 * redirect, and a token cannot be forged or edited to point elsewhere.
 */
export type TrackingToken =
  | { k: "o"; s: string } // open pixel
  | { k: "c"; s: string; u: string } // click
  | { k: "u"; s: string }; // unsubscribe

let cachedKey: Buffer | undefined;
function key(): Buffer {
  cachedKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coldframe", "tracking-tokens", 32));
  return cachedKey;
}

export function signToken(payload: TrackingToken, secret: Buffer = key()): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const mac = createHmac("sha256", secret).update(body).digest().subarray(0, 16).toString("base64url");
  return `${body}.${mac}`;
}

export function verifyToken(token: string, secret: Buffer = key()): TrackingToken | null {
  const [body, mac] = token.split(".");
  if (!body || !mac || token.length > 4096) return null;
  const expected = createHmac("sha256", secret).update(body).digest().subarray(0, 16);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TrackingToken;
    return typeof payload.s === "string" && ["o", "c", "u"].includes(payload.k) ? payload : null;
  } catch {
    return null;
  }
}

export const openUrl = (base: string, sentEmailId: string) =>
  `${base}/t/o/${signToken({ k: "o", s: sentEmailId })}`;
export const clickUrl = (base: string, sentEmailId: string, url: string) =>
  `${base}/t/c/${signToken({ k: "c", s: sentEmailId, u: url })}`;
export const unsubscribeUrl = (base: string, sentEmailId: string) =>
  `${base}/u/${signToken({ k: "u", s: sentEmailId })}`;

/**
 * Rewrite the http(s) links of an HTML body through the click tracker and add the open pixel.
 * mailto:, tel: and in-page links stay as they are; so does the unsubscribe link.
 */
export function addTracking(
  html: string,
  opts: { base: string; sentEmailId: string; opens: boolean; clicks: boolean; skip?: string[] },
): string {
  let out = html;
  if (opts.clicks) {
    out = out.replace(
      /(<a\b[^>]*?\shref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi,
      (m, pre: string, q: string, url: string) => {
        const real = url.replaceAll("&amp;", "&");
        if (opts.skip?.includes(real)) return m;
        return `${pre}${q}${clickUrl(opts.base, opts.sentEmailId, real)}${q}`;
      },
    );
  }
  if (opts.opens) {
    const pixel = `<img src="${openUrl(opts.base, opts.sentEmailId)}" width="1" height="1" alt="" style="display:none">`;
    out = /<\/body>/i.test(out) ? out.replace(/<\/body>/i, `${pixel}</body>`) : out + pixel;
  }
  return out;
}
