import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature scheme, as Stripe's: `Coldframe-Signature: t=<unix seconds>,v1=<hex>` where hex is
 * HMAC-SHA256, keyed with the endpoint's whole secret (`whsec_…`, as UTF-8), of `<t>.<raw body>`.
 * The timestamp is signed so a captured request cannot be replayed later than the receiver's
 * tolerance; receivers should also drop event ids they have already handled.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * For receivers (and tests): true when the header carries a v1 signature of this exact raw body
 * with this secret, made within `toleranceSeconds` of `now`. Several v1 values may be present.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds = 300,
  now: Date = new Date(),
): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  return signatures.some((sig) => {
    const given = Buffer.from(sig, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const hmacHex = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
