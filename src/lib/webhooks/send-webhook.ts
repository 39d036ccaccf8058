import { AppError } from "@/lib/errors";
import { guardedFetch } from "@/lib/net/guarded-fetch";
import type { AddressCheckOptions } from "@/lib/net/resolve-public-address";
import type { WebhookBody } from "./event-types";
import { signWebhookBody } from "./webhook-signature";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export type SendOptions = {
  now?: Date;
  /** the one DNS lookup of the host (defaults to the system resolver) */
  resolve?: AddressCheckOptions["resolve"];
  /** defaults to ALLOWED_PRIVATE_HOSTS */
  allowedPrivateHosts?: string;
  /** defaults to WEBHOOK_TIMEOUT_MS */
  timeoutMs?: number;
};

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null };

/**
 * One signed POST of an event to a URL; never throws. It goes through guardedFetch: the host is
 * resolved once and checked, in whichever process sends it, and the request connects to that very
 * address, so a name re-pointed to the private network after it was saved is refused before any
 * connection (one message, whatever listens there: the log cannot map ports). 2xx is success;
 * redirects are not followed (a 3xx could point anywhere) and count as failures. The answer's body
 * is never read.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  body: WebhookBody,
  opts: SendOptions = {},
): Promise<SendResult> {
  const json = JSON.stringify(body);
  const timestamp = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  try {
    const res = await guardedFetch(target.url, {
      what: "webhook URL",
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Coldframe-Webhooks/1",
        "Coldframe-Event-Id": body.id,
        "Coldframe-Timestamp": String(timestamp),
        "Coldframe-Signature": signWebhookBody(target.secret, timestamp, json),
      },
      body: json,
      readBody: false,
      timeoutMs: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      ...(opts.resolve ? { resolve: opts.resolve } : {}),
      ...(opts.allowedPrivateHosts !== undefined ? { allowedPrivateHosts: opts.allowedPrivateHosts } : {}),
    });
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, error: null };
    const redirect = res.status >= 300 && res.status < 400 ? " (redirects are not followed)" : "";
    return { ok: false, statusCode: res.status, error: `the endpoint answered ${res.status}${redirect}` };
  } catch (err) {
    if (err instanceof AppError && err.code === "validation")
      return { ok: false, statusCode: null, error: err.message };
    return { ok: false, statusCode: null, error: `request failed: ${(err as Error).message}` };
  }
}
