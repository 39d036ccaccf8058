import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhookBody, verifyWebhookSignature } from "../../src/lib/webhooks/webhook-signature";

const secret = "whsec_test";
const body = '{"id":"e1","type":"lead.bounced"}';
const t = 1_800_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

describe("webhook signatures", () => {
  it("signs HMAC-SHA256 of `<t>.<body>` with the secret, as t=…,v1=…", () => {
    const hex = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signWebhookBody(secret, t, body)).toBe(`t=${t},v1=${hex}`);
  });

  it("verifies within the tolerance and refuses an old or future timestamp", () => {
    const header = signWebhookBody(secret, t, body);
    expect(verifyWebhookSignature(secret, header, body, 300, at(t + 299))).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, 300, at(t + 301))).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 300, at(t - 301))).toBe(false);
  });

  it("refuses another body, another secret, and malformed headers", () => {
    const header = signWebhookBody(secret, t, body);
    expect(verifyWebhookSignature(secret, header, `${body} `, 300, at(t))).toBe(false);
    expect(verifyWebhookSignature("whsec_other", header, body, 300, at(t))).toBe(false);
    for (const bad of [null, "", "v1=abc", `t=${t}`, `t=${t},v1=zz`, `t=x,v1=${"0".repeat(64)}`])
      expect(verifyWebhookSignature(secret, bad, body, 300, at(t))).toBe(false);
  });

  it("accepts any one of several v1 signatures (secret rotation)", () => {
    const good = signWebhookBody(secret, t, body).split(",v1=")[1];
    const header = `t=${t},v1=${"ab".repeat(32)},v1=${good}`;
    expect(verifyWebhookSignature(secret, header, body, 300, at(t))).toBe(true);
  });
});
