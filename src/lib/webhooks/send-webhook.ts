import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { type PinnedTarget, resolvePinnedTarget, type UrlGuardOptions } from "./assert-public-url";
import type { WebhookBody } from "./event-types";
import { signWebhookBody } from "./webhook-signature";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export type SendOptions = {
  now?: Date;
  /** skip the private-address check (defaults to the production rules, see assertPublicUrl) */
  allowPrivate?: boolean;
  /** defaults to NODE_ENV === "production" */
  production?: boolean;
  /** the one DNS lookup of the host (defaults to the system resolver) */
  resolve?: UrlGuardOptions["resolve"];
  /** defaults to WEBHOOK_TIMEOUT_MS */
  timeoutMs?: number;
};

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null };

/**
 * One signed POST of an event to a URL; never throws. The host is resolved once, checked (see
 * resolvePinnedTarget) and the request connects to that very address, with the URL's Host header
 * and TLS server name, so a DNS answer changed after the check is never used. 2xx is success;
 * redirects are not followed (a 3xx could point anywhere, including the private network) and
 * count as failures.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  body: WebhookBody,
  opts: SendOptions = {},
): Promise<SendResult> {
  let pinned: PinnedTarget;
  try {
    pinned = await resolvePinnedTarget(target.url, {
      ...(opts.allowPrivate !== undefined ? { allowPrivate: opts.allowPrivate } : {}),
      ...(opts.production !== undefined ? { production: opts.production } : {}),
      ...(opts.resolve ? { resolve: opts.resolve } : {}),
    });
  } catch (err) {
    return { ok: false, statusCode: null, error: (err as Error).message };
  }
  const json = JSON.stringify(body);
  const timestamp = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  try {
    const status = await post(
      pinned,
      {
        "Content-Type": "application/json",
        "User-Agent": "Coldframe-Webhooks/1",
        "Coldframe-Event-Id": body.id,
        "Coldframe-Timestamp": String(timestamp),
        "Coldframe-Signature": signWebhookBody(target.secret, timestamp, json),
      },
      json,
      timeoutMs,
    );
    if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null };
    return { ok: false, statusCode: status, error: `the endpoint answered ${status}` };
  } catch (err) {
    const e = err as Error & { code?: string };
    const error =
      e.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : (e.code ?? e.message);
    return { ok: false, statusCode: null, error: `request failed: ${error}` };
  }
}

/** POST to the pinned address; resolves with the status code (the answer's body is not read). */
function post(target: PinnedTarget, headers: Record<string, string>, body: string, timeoutMs: number) {
  const { url, address, family } = target;
  // every lookup of this request answers the checked address: no second resolution happens
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const isTls = url.protocol === "https:";
  return new Promise<number>((resolve, reject) => {
    const req = (isTls ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup,
        agent: false,
        // SNI and certificate check against the name in the URL (SNI may not carry an IP literal)
        ...(isTls && hostname !== address ? { servername: hostname } : {}),
      },
      (res) => {
        res.resume();
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      },
    );
    const timer = setTimeout(() => {
      const e = new Error(`no answer within ${timeoutMs} ms`);
      e.name = "TimeoutError";
      req.destroy(e);
    }, timeoutMs);
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}
