import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../src/lib/api/openapi";
import { readJsonBody } from "../../src/lib/api/read-request";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { signUp } from "./helpers/users";

// What a stranger's fuzzer sent: NUL characters in ids, names and searches, unknown fields and
// oversized bodies. Every answer is a 4xx in the one error shape, never a 500 or a stack trace.
let app: AppServer;
let user: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  app = await startAppServer();
  user = await signUp(app.url);
});
afterAll(async () => {
  await app?.close();
});

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };
const expectError = async (res: Response, status: number) => {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(text).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
};

describe("bad input is a 400 with a message, in one place for every route", () => {
  it("a NUL in any path id of the API is refused with the parameter named", async () => {
    const withId = operations.filter((op) => op.path.includes("{"));
    expect(withId.length).toBeGreaterThan(20);
    for (const op of withId) {
      const path = op.path.replace(/\{(\w+)\}/g, "a%00b");
      const res = await user.client.request(path, {
        method: op.method.toUpperCase(),
        ...(op.body && !op.bodyContentType ? { json: {} } : {}),
      });
      const error = await expectError(res, 400);
      expect(error.code, `${op.method} ${op.path}`).toBe("validation");
      expect(Object.keys(error.fields ?? {})).toEqual([op.path.match(/\{(\w+)\}/)![1]]);
    }
  });

  it("a NUL in a search or filter is refused with the parameter named", async () => {
    for (const url of [
      "/api/v1/leads?search=a%00b",
      "/api/v1/suppressions?search=%00",
      "/api/v1/inbox/threads?campaignId=%00",
    ]) {
      const error = await expectError(await user.client.get(url), 400);
      expect(Object.keys(error.fields!)).toHaveLength(1);
    }
  });

  it("a NUL in a body's name, key or nested value is refused with its path", async () => {
    const list = await expectError(await user.client.post("/api/v1/lead-lists", { name: "x\u0000y" }), 400);
    expect(list.fields).toEqual({ name: ["must not contain NUL characters (\\u0000)"] });
    const lead = await expectError(
      await user.client.post("/api/v1/leads", { email: "a@b.test", customFields: { "k\u0000": "v" } }),
      400,
    );
    expect(Object.keys(lead.fields!)).toEqual(["customFields.k\\u0000"]);
  });

  it("an unknown field is refused by name, nested ones included", async () => {
    const top = await expectError(
      await user.client.post("/api/v1/lead-lists", { name: "ok", colour: "red" }),
      400,
    );
    expect(top).toEqual({
      code: "validation",
      message: "invalid body: colour",
      fields: { colour: ["unknown field"] },
    });
    const nested = await expectError(
      await user.client.post("/api/v1/campaigns", {
        name: "c",
        steps: [{ variants: [{ subject: "s", bodyText: "b", tracking: true }] }],
      }),
      400,
    );
    expect(nested.fields).toEqual({ "steps.0.variants.0.tracking": ["unknown field"] });
  });

  it("a JSON body over 1 MiB is a 413 that says so, not a parse error", async () => {
    const big = { name: "x".repeat(2 * 1024 * 1024) };
    const error = await expectError(await user.client.post("/api/v1/lead-lists", big), 413);
    expect(error).toEqual({ code: "payload_too_large", message: "the request body is larger than 1 MiB" });
    // without a Content-Length (streamed in chunks) the cap holds as the body arrives
    const chunks = (async function* () {
      yield Buffer.from('{"name":"');
      for (let i = 0; i < 40; i++) yield Buffer.from("x".repeat(64 * 1024));
      yield Buffer.from('"}');
    })();
    const streamed = new Request("http://app.test/api/v1/lead-lists", {
      method: "POST",
      body: Readable.toWeb(Readable.from(chunks)) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("content-length")).toBeNull();
    await expect(readJsonBody(streamed)).rejects.toMatchObject({ code: "payload_too_large", status: 413 });
    // a campaign may be larger: 2 MiB of HTML is accepted
    const campaign = await user.client.post("/api/v1/campaigns", {
      name: "long",
      steps: [
        { variants: [{ subject: "s", bodyHtml: "<p>x</p>".repeat(24_000), bodyText: "x".repeat(190_000) }] },
      ],
    });
    expect(campaign.status).toBe(201);
  });

  it("a malformed %-escape in a path parameter is a 400", async () => {
    // Next.js hands the route a params promise that rejects when decoding fails
    const { apiRoute } = await import("../../src/lib/api/handler");
    const route = apiRoute({ auth: false }, async () => ({ ok: true }));
    const res = await route(new Request("http://app.test/api/v1/leads/%ff"), {
      params: Promise.reject(new URIError("URI malformed")),
    });
    expect(await expectError(res, 400)).toEqual({
      code: "bad_request",
      message: "the URL path has a malformed %-escape",
    });
  });
});
