import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloudflareDns, startFakeCloudflareDns } from "./fakes/cloudflare-dns";

/** The fake Cloudflare DNS API refuses record bodies the SDK's RecordCreateParams would not send. */

let dns: FakeCloudflareDns;

beforeAll(async () => {
  dns = await startFakeCloudflareDns();
});
afterAll(async () => {
  await dns?.close();
});

async function post(zoneId: string, body: unknown) {
  const res = await fetch(`${dns.baseUrl}/zones/${zoneId}/dns_records`, {
    method: "POST",
    headers: { authorization: `Bearer ${dns.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const refusal = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

describe("the fake Cloudflare DNS API refuses what Cloudflare refuses", () => {
  it("a record without a ttl", async () => {
    const zone = dns.addZone(`ttl${Date.now()}.test`);
    const r = await post(zone.id, { name: zone.name, type: "TXT", content: '"v=spf1 -all"' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(refusal(9021, "ttl: is required"));
    const ok = await post(zone.id, { name: zone.name, type: "TXT", content: '"v=spf1 -all"', ttl: 1 });
    expect(ok.status).toBe(200);
  });

  it("a record body field the SDK's record params do not have", async () => {
    const zone = dns.addZone(`field${Date.now()}.test`);
    const r = await post(zone.id, {
      name: zone.name,
      type: "A",
      content: "192.0.2.1",
      ttl: 300,
      zone_name: zone.name,
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual(refusal(1004, "zone_name: unknown field"));
  });
});
