import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { campaignMailboxes, campaigns, workspaces } from "../../src/lib/db/schema";
import { makeMailbox } from "./fixtures/campaign-fixtures";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { createKey, signUp } from "./helpers/users";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app.close();
});

type Page = { data: { id: string; name: string; createdAt: string }[]; next: string | null };

/** A workspace with campaigns created at known times; two share a time (ties go by id, descending). */
async function workspaceWithCampaigns() {
  const user = await signUp(app.url);
  const t = Date.parse("2026-03-01T10:00:00.000Z");
  const rows = [
    { id: `${user.workspaceId}-a`, at: t },
    { id: `${user.workspaceId}-b`, at: t + 60_000 },
    { id: `${user.workspaceId}-c`, at: t + 60_000 },
    { id: `${user.workspaceId}-d`, at: t + 120_000 },
    { id: `${user.workspaceId}-e`, at: t + 180_000 },
    { id: `${user.workspaceId}-f`, at: t + 180_001 },
    { id: `${user.workspaceId}-g`, at: t - 86_400_000 },
  ];
  await getDb()
    .insert(campaigns)
    .values(
      rows.map((r) => ({
        id: r.id,
        workspaceId: user.workspaceId,
        name: r.id.slice(-1),
        createdAt: new Date(r.at),
      })),
    );
  // another workspace's campaign, newer than all of them: never listed
  const other = crypto.randomUUID();
  await getDb().insert(workspaces).values({ id: other, name: "Other", slug: other });
  await getDb()
    .insert(campaigns)
    .values({ id: `${other}-x`, workspaceId: other, name: "x", createdAt: new Date(t + 999_999) });
  return { user, order: ["f", "e", "d", "c", "b", "a", "g"] };
}

const names = (p: Page) => p.data.map((c) => c.name);

describe("GET /api/v1/campaigns pages", () => {
  it("newest first, ties by id, every campaign exactly once across pages", async () => {
    const { user, order } = await workspaceWithCampaigns();
    const all = (await (await user.client.get("/api/v1/campaigns")).json()) as Page;
    expect(names(all)).toEqual(order);
    expect(all.next).toBeNull();
    expect(all.data[0]!.createdAt).toBe("2026-03-01T10:03:00.001Z");

    const seen: string[] = [];
    const sizes: number[] = [];
    let path = "/api/v1/campaigns?limit=3";
    for (;;) {
      const res = await user.client.get(path);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      seen.push(...names(page));
      sizes.push(page.data.length);
      if (!page.next) break;
      path = `/api/v1/campaigns?limit=3&startingAfter=${page.next}`;
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(order);

    // a page that ends exactly at the last campaign says there is nothing after it
    const exact = (await (await user.client.get("/api/v1/campaigns?limit=7")).json()) as Page;
    expect(names(exact)).toEqual(order);
    expect(exact.next).toBeNull();
  });

  it("the default page is 50 and the largest 200", async () => {
    const user = await signUp(app.url);
    const base = Date.parse("2026-04-01T00:00:00.000Z");
    await getDb()
      .insert(campaigns)
      .values(
        Array.from({ length: 201 }, (_, i) => ({
          id: `${user.workspaceId}-${String(i).padStart(3, "0")}`,
          workspaceId: user.workspaceId,
          name: `C${i}`,
          createdAt: new Date(base + i * 1000),
        })),
      );
    const first = (await (await user.client.get("/api/v1/campaigns")).json()) as Page;
    expect(first.data).toHaveLength(50);
    expect(first.data[0]!.name).toBe("C200");
    expect(first.next).toEqual(expect.any(String));
    const most = (await (await user.client.get("/api/v1/campaigns?limit=200")).json()) as Page;
    expect(most.data).toHaveLength(200);
    const rest = (await (
      await user.client.get(`/api/v1/campaigns?limit=200&startingAfter=${most.next}`)
    ).json()) as Page;
    expect(names(rest)).toEqual(["C0"]);
    expect(rest.next).toBeNull();
  });

  it("writes each campaign as the campaign API does: escaped names, times, caps, mailboxes", async () => {
    const user = await signUp(app.url);
    const mailbox = await makeMailbox(user.workspaceId, 2525);
    const id = `${user.workspaceId}-odd`;
    await getDb()
      .insert(campaigns)
      .values({
        id,
        workspaceId: user.workspaceId,
        name: 'Q4 "VIP" \\ back\\slash, tab\t, line\n, 日本語 🚀 \u2028',
        status: "paused",
        timezone: "Europe/Berlin",
        sendDays: [0, 6],
        sendStartMinute: 0,
        sendEndMinute: 1440,
        dailyCap: 250,
        stopOnReply: false,
        stopOnCompanyReply: true,
        trackOpens: false,
        trackClicks: false,
        plainTextOnly: true,
        createdAt: new Date("2026-05-01T08:09:10.120Z"),
        launchedAt: new Date("2026-05-02T00:00:00.000Z"),
      });
    await getDb()
      .insert(campaignMailboxes)
      .values({ campaignId: id, mailboxId: mailbox.id, workspaceId: user.workspaceId });
    const res = await user.client.get("/api/v1/campaigns");
    expect(res.headers.get("content-type")).toBe("application/json");
    const [listed] = ((await res.json()) as { data: Record<string, unknown>[] }).data;
    const one = (await (await user.client.get(`/api/v1/campaigns/${id}`)).json()) as Record<string, unknown>;
    const { steps: _steps, ...fields } = one;
    expect(listed).toEqual({ ...fields, stepCount: 0, sent: 0, replied: 0 });
    expect(listed).toMatchObject({
      name: 'Q4 "VIP" \\ back\\slash, tab\t, line\n, 日本語 🚀 \u2028',
      createdAt: "2026-05-01T08:09:10.120Z",
      launchedAt: "2026-05-02T00:00:00.000Z",
      dailyCap: 250,
      sendDays: [0, 6],
      mailboxIds: [mailbox.id],
    });
  });

  it("refuses a limit out of bounds and a cursor it did not write, with 400 naming the parameter", async () => {
    const user = await signUp(app.url);
    for (const limit of ["0", "201", "-1", "1.5", "abc", ""]) {
      const res = await user.client.get(`/api/v1/campaigns?limit=${limit}`);
      expect(res.status, `limit=${limit}`).toBe(400);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe("validation");
      expect(Object.keys(body.error.fields)).toEqual(["limit"]);
    }
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const bad of [
      "garbage!",
      "bm90IGpzb24", // "not json"
      cursor({ createdAt: "2026-03-01 10:00:00", id: "x" }),
      cursor(["2026-02-31 10:00:00", "x"]), // no such day
      cursor(["2026-03-01T10:00:00Z", "x"]),
      cursor(["2026-03-01 10:00:00", ""]),
      cursor(["2026-03-01 10:00:00", 5]),
    ]) {
      const res = await user.client.get(`/api/v1/campaigns?startingAfter=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(Object.keys(body.error.fields)).toEqual(["startingAfter"]);
    }
  });

  it("shows a change on the next request, and an API key stops the moment it is revoked", async () => {
    const user = await signUp(app.url);
    const { key, apiKey } = await createKey(user.client);
    const script = new HttpClient(app.url, { authorization: `Bearer ${key}` });
    expect(((await (await script.get("/api/v1/campaigns")).json()) as Page).data).toEqual([]);
    const created = await user.client.post("/api/v1/campaigns", { name: "Fresh" });
    expect(created.status).toBe(201);
    expect(names((await (await script.get("/api/v1/campaigns")).json()) as Page)).toEqual(["Fresh"]);
    await user.client.post("/api/v1/campaigns", { name: "Fresher" });
    expect(names((await (await script.get("/api/v1/campaigns")).json()) as Page)).toEqual([
      "Fresher",
      "Fresh",
    ]);

    const revoked = await user.client.request(`/api/v1/api-keys/${apiKey.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect((await script.get("/api/v1/campaigns")).status).toBe(401);
  });
});
