import { assertPublicUrl } from "./assert-public-url";
import type { WebhookBody } from "./event-types";
import { signWebhookBody } from "./webhook-signature";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export type SendOptions = {
  fetch?: typeof fetch;
  now?: Date;
  /** skip the private-address check (defaults to the production rules, see assertPublicUrl) */
  allowPrivate?: boolean;
};

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null };

/**
 * One signed POST of an event to a URL; never throws. 2xx is success; redirects are not followed
 * (a 3xx could point anywhere, including the private network) and count as failures.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  body: WebhookBody,
  opts: SendOptions = {},
): Promise<SendResult> {
  try {
    await assertPublicUrl(target.url, opts.allowPrivate ? { allowPrivate: true } : {});
  } catch (err) {
    return { ok: false, statusCode: null, error: (err as Error).message };
  }
  const json = JSON.stringify(body);
  const timestamp = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  try {
    const res = await (opts.fetch ?? fetch)(target.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Coldframe-Webhooks/1",
        "Coldframe-Event-Id": body.id,
        "Coldframe-Timestamp": String(timestamp),
        "Coldframe-Signature": signWebhookBody(target.secret, timestamp, json),
      },
      body: json,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => {}); // the answer's body is not read
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status, error: null };
    return { ok: false, statusCode: res.status, error: `the endpoint answered ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const error =
      e.name === "TimeoutError"
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, statusCode: null, error: `request failed: ${error}` };
  }
}
