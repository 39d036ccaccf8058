import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import { webhookDeliveries, webhookEndpoints } from "../../src/lib/db/schema";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { deliverWebhook, WebhookRetryError } from "../../src/lib/webhooks/deliver-webhook";
import { emitEvent } from "../../src/lib/webhooks/emit-event";
import { requeueStrandedDeliveries } from "../../src/lib/webhooks/requeue-stranded";
import { verifyWebhookSignature } from "../../src/lib/webhooks/webhook-signature";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import { signUp } from "./helpers/users";

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A real HTTP receiver on loopback: records each request and answers the next queued status. */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(statuses.shift() ?? 200).end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, statuses, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let app: AppServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  app = await startAppServer();
  receiver = await startReceiver();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(5_000)));
  receiver.received.length = 0;
  receiver.statuses.length = 0;
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});

async function createWebhook(client: HttpClient, body: { url: string; eventTypes?: string[] }) {
  const res = await client.post("/api/v1/webhooks", body);
  expect(res.status).toBe(201);
  return (await res.json()) as { secret: string; webhook: { id: string; url: string; eventTypes: string[] } };
}

describe("webhook endpoints API", () => {
  it("returns the secret once, stores it encrypted, and never shows it again", async () => {
    const { client } = await signUp(app.url);
    const { secret, webhook } = await createWebhook(client, {
      url: receiver.url,
      eventTypes: ["lead.bounced"],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(webhook).toMatchObject({ url: receiver.url, eventTypes: ["lead.bounced"], enabled: true });

    const [row] = await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, webhook.id));
    expect(row!.secretEnc).not.toContain(secret);
    expect(decryptSecret(row!.secretEnc)).toBe(secret);

    const list = await (await client.get("/api/v1/webhooks")).text();
    const one = await (await client.get(`/api/v1/webhooks/${webhook.id}`)).text();
    expect(JSON.parse(list).data.map((w: { id: string }) => w.id)).toEqual([webhook.id]);
    for (const text of [list, one]) {
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/secret/i);
    }
  });

  it("refuses a bad URL or an unknown event type with a clear 400", async () => {
    const { client } = await signUp(app.url);
    for (const url of ["not a url", "ftp://example.com/hook"]) {
      const res = await client.post("/api/v1/webhooks", { url });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(body.error.fields.url).toEqual(["must be an absolute http(s) URL"]);
    }
    const res = await client.post("/api/v1/webhooks", { url: receiver.url, eventTypes: ["lead.exploded"] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/eventTypes/);
  });

  it("another workspace's endpoint is not found, for every operation", async () => {
    const owner = await signUp(app.url);
    const other = await signUp(app.url);
    const { webhook } = await createWebhook(owner.client, { url: receiver.url });
    const base = `/api/v1/webhooks/${webhook.id}`;
    expect((await other.client.get(base)).status).toBe(404);
    expect((await other.client.get(`${base}/deliveries`)).status).toBe(404);
    expect((await other.client.post(`${base}/test`)).status).toBe(404);
    expect((await other.client.request(base, { method: "DELETE" })).status).toBe(404);
    expect((await other.client.request(base, { method: "PATCH", json: { enabled: false } })).status).toBe(
      404,
    );
    expect(((await (await other.client.get("/api/v1/webhooks")).json()) as { data: unknown[] }).data).toEqual(
      [],
    );
    expect(receiver.received).toHaveLength(0);

    expect((await owner.client.request(base, { method: "DELETE" })).status).toBe(204);
    expect((await owner.client.get(base)).status).toBe(404);
  });

  it("test sends a signed webhook.test event to that endpoint and reports its answer", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { secret, webhook } = await createWebhook(client, { url: receiver.url });
    const ok = await client.post(`/api/v1/webhooks/${webhook.id}/test`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, statusCode: 200, error: null });
    const [req] = receiver.received;
    expect(JSON.parse(req!.body)).toMatchObject({ type: "webhook.test", workspaceId });
    expect(verifyWebhookSignature(secret, req!.headers["coldframe-signature"] as string, req!.body)).toBe(
      true,
    );

    receiver.statuses.push(503);
    const bad = await client.post(`/api/v1/webhooks/${webhook.id}/test`);
    expect(await bad.json()).toEqual({ ok: false, statusCode: 503, error: "the endpoint answered 503" });
  });
});

describe("disabling an endpoint", () => {
  it("PATCH {enabled} turns an endpoint off and on; off, it receives nothing (new events or pending ones)", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { webhook } = await createWebhook(client, { url: receiver.url });
    const base = `/api/v1/webhooks/${webhook.id}`;
    const db = getDb();
    workers.push(await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers }));

    for (const bad of [{}, { enabled: "no" }, { enabled: false, url: "https://elsewhere.example" }]) {
      const res = await client.request(base, { method: "PATCH", json: bad });
      expect(res.status).toBe(400);
      // the field at fault is named: enabled (missing or not a boolean) or the unknown key url
      expect(JSON.stringify(((await res.json()) as { error: unknown }).error)).toMatch(/enabled|url/);
    }

    // a delivery already pending when the endpoint is turned off
    const pending = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.bounced", payload: { n: 1 } }),
    );
    const off = await client.request(base, { method: "PATCH", json: { enabled: false } });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ id: webhook.id, enabled: false });
    expect(await (await client.get(base)).json()).toMatchObject({ enabled: false });

    // new events create no delivery for it; the pending one fails without being sent
    const whileOff = await emitEvent(db, { workspaceId, type: "reply.received", payload: { n: 2 } });
    expect(whileOff.deliveryIds).toEqual([]);
    expect(await deliverWebhook(db, pending.deliveryIds[0]!)).toMatchObject({
      status: "failed",
      error: "the endpoint is disabled",
    });
    expect(receiver.received).toHaveLength(0);

    const on = await client.request(base, { method: "PATCH", json: { enabled: true } });
    expect(await on.json()).toMatchObject({ enabled: true });
    const afterOn = await emitEvent(db, { workspaceId, type: "reply.received", payload: { n: 3 } });
    expect(afterOn.deliveryIds).toHaveLength(1);
    const got = await until("the first delivery after turning it back on", async () => receiver.received[0]);
    expect(JSON.parse(got.body)).toMatchObject({ id: afterOn.eventId, data: { n: 3 } });
    expect(receiver.received).toHaveLength(1); // nothing from while it was off
  });
});

describe("stranded deliveries", () => {
  it("the minute's sweep enqueues a pending delivery whose job was lost, once", async () => {
    const { client, workspaceId } = await signUp(app.url);
    await createWebhook(client, { url: receiver.url });
    const db = getDb();
    // committed, but the process died before dispatching it: no job exists for it
    const lost = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.unsubscribed", payload: { lost: true } }),
    );
    const fresh = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.unsubscribed", payload: { lost: false } }),
    );
    const lostId = lost.deliveryIds[0]!;
    await db
      .update(webhookDeliveries)
      .set({ createdAt: new Date(Date.now() - 2 * 60_000) })
      .where(eq(webhookDeliveries.id, lostId));
    const jobsFor = async (id: string) =>
      (
        await db.execute<{ state: string }>(
          sql`select state from pgboss.job where name = 'webhooks.deliver' and singleton_key = ${id}`,
        )
      ).rows;
    expect(await jobsFor(lostId)).toHaveLength(0);

    expect(await requeueStrandedDeliveries(db)).toBe(1); // the lost one; the fresh one may still be dispatched
    expect(await jobsFor(lostId)).toHaveLength(1);
    expect(await jobsFor(fresh.deliveryIds[0]!)).toHaveLength(0);
    // a second sweep (or a second worker's) sees its job waiting and adds nothing
    expect(await requeueStrandedDeliveries(db)).toBe(0);
    expect(await jobsFor(lostId)).toHaveLength(1);

    workers.push(await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers }));
    const got = await until("the lost event's delivery", async () => receiver.received[0]);
    expect(JSON.parse(got.body)).toMatchObject({ id: lost.eventId, data: { lost: true } });
    const row = await until("the lost delivery marked delivered", async () => {
      const [r] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, lostId));
      return r?.status === "delivered" && r;
    });
    expect(row.attempts).toBe(1);
    // delivered: later sweeps leave it alone
    expect(await requeueStrandedDeliveries(db)).toBe(0);
  });
});

describe("events and deliveries", () => {
  it("a real worker delivers an emitted event, signed, and the deliveries API shows it", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { secret, webhook } = await createWebhook(client, { url: receiver.url });
    const worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers });
    workers.push(worker);

    const payload = { leadId: "lead-1", email: "ann@example.test", campaignId: "c-1" };
    const { eventId, deliveryIds, dispatched } = await emitEvent(getDb(), {
      workspaceId,
      type: "reply.received",
      payload,
    });
    expect(dispatched).toBe(true);
    expect(deliveryIds).toHaveLength(1);
    const req = await until("a delivery", async () => receiver.received[0]);

    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["user-agent"]).toBe("Coldframe-Webhooks/1");
    expect(req.headers["coldframe-event-id"]).toBe(eventId);
    const signature = req.headers["coldframe-signature"] as string;
    expect(signature).toMatch(new RegExp(`^t=${req.headers["coldframe-timestamp"]},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature(secret, signature, req.body)).toBe(true);
    expect(verifyWebhookSignature(secret, signature, req.body.replace("ann", "bob"))).toBe(false);
    expect(verifyWebhookSignature("whsec_wrong", signature, req.body)).toBe(false);
    expect(JSON.parse(req.body)).toEqual({
      id: eventId,
      type: "reply.received",
      createdAt: expect.any(String),
      workspaceId,
      data: payload,
    });

    const list = await until("the delivery listed as delivered", async () => {
      const res = await client.get(`/api/v1/webhooks/${webhook.id}/deliveries`);
      const body = (await res.json()) as { data: { status: string }[] };
      return body.data[0]?.status === "delivered" && body.data;
    });
    expect(list).toEqual([
      expect.objectContaining({ eventId, eventType: "reply.received", attempts: 1, lastStatusCode: 200 }),
    ]);
  });

  it("retries after 5xx until delivered, then never sends it again; the last attempt marks it failed", async () => {
    const { client, workspaceId } = await signUp(app.url);
    await createWebhook(client, { url: receiver.url });
    const db = getDb();
    // inside a transaction nothing is enqueued: this test plays the queue by calling the job body
    const { deliveryIds, dispatched } = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.bounced", payload: { leadId: "l-2" } }),
    );
    expect(dispatched).toBe(false);
    const id = deliveryIds[0]!;
    const row = async () =>
      (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;

    receiver.statuses.push(500, 500, 200);
    await expect(deliverWebhook(db, id)).rejects.toThrow(WebhookRetryError);
    await expect(deliverWebhook(db, id)).rejects.toThrow("the endpoint answered 500");
    expect(await row()).toMatchObject({ status: "pending", attempts: 2, lastStatusCode: 500 });
    expect(await deliverWebhook(db, id)).toMatchObject({ status: "delivered", statusCode: 200 });
    expect(await row()).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastStatusCode: 200,
      lastError: null,
    });
    expect(await deliverWebhook(db, id)).toMatchObject({ status: "skipped" });
    expect(receiver.received).toHaveLength(3);
    // every attempt is the same event, so receivers can de-duplicate by its id
    expect(new Set(receiver.received.map((r) => r.headers["coldframe-event-id"])).size).toBe(1);

    const failing = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.unsubscribed", payload: {} }),
    );
    receiver.statuses.push(502);
    expect(await deliverWebhook(db, failing.deliveryIds[0]!, { finalAttempt: true })).toMatchObject({
      status: "failed",
      statusCode: 502,
    });
    expect(
      (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, failing.deliveryIds[0]!)))[0],
    ).toMatchObject({ status: "failed", attempts: 1, lastError: "the endpoint answered 502" });
  });

  it("records a network failure as the delivery's error", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    await createWebhook(client, { url: `http://127.0.0.1:${port}/hooks` });
    const db = getDb();
    const { deliveryIds } = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.interested", payload: {} }),
    );
    // our own words for it (the receiver's network is the operator's, allowed in these tests)
    await expect(deliverWebhook(db, deliveryIds[0]!)).rejects.toThrow(/^request failed: connection refused$/);
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryIds[0]!));
    expect(row).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: null,
      lastError: "request failed: connection refused",
    });
  });

  it("creates deliveries only for active endpoints subscribed to the type (none listed = all)", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const bounces = await createWebhook(client, { url: `${receiver.url}?b`, eventTypes: ["lead.bounced"] });
    const all = await createWebhook(client, { url: `${receiver.url}?all` });
    const off = await createWebhook(client, { url: `${receiver.url}?off` });
    const db = getDb();
    await db.update(webhookEndpoints).set({ active: false }).where(eq(webhookEndpoints.id, off.webhook.id));
    const endpointsOf = async (deliveryIds: string[]) =>
      (await db.select().from(webhookDeliveries))
        .filter((d) => deliveryIds.includes(d.id))
        .map((d) => d.endpointId)
        .sort();

    const reply = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "reply.received", payload: {} }),
    );
    expect(await endpointsOf(reply.deliveryIds)).toEqual([all.webhook.id]);
    const bounce = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.bounced", payload: {} }),
    );
    expect(await endpointsOf(bounce.deliveryIds)).toEqual([bounces.webhook.id, all.webhook.id].sort());

    // another workspace's endpoints never receive this workspace's events
    const other = await signUp(app.url);
    await createWebhook(other.client, { url: receiver.url });
    const again = await db.transaction((tx) =>
      emitEvent(tx, { workspaceId, type: "lead.bounced", payload: {} }),
    );
    expect(again.deliveryIds).toHaveLength(2);
  });
});
