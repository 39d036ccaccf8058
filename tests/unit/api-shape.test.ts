import { describe, expect, expectTypeOf, it } from "vitest";
import { type ApiRouteHandler, apiRoute } from "../../src/lib/api/handler";
import { buildOpenApiDocument, operations } from "../../src/lib/api/openapi";
import { AppError } from "../../src/lib/errors";
import type { Caller } from "../../src/lib/workspaces/caller";

type Response = { description: string; content?: Record<string, { schema: unknown }> };
type Document = {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { schemas: Record<string, { properties?: Record<string, { properties?: object }> }> };
};

const doc = buildOpenApiDocument("http://localhost") as unknown as Document;
const responses = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).flatMap(([method, op]) =>
    Object.entries(op.responses).map(([status, res]) => ({ at: `${method} ${path} ${status}`, status, res })),
  ),
);

describe("one error shape", () => {
  it("documents every error response, of every operation, with the one Error schema", () => {
    const errors = responses.filter((r) => Number(r.status) >= 400);
    expect(errors.length).toBeGreaterThan(100);
    const other = errors.filter(
      (r) =>
        JSON.stringify(r.res.content) !==
        JSON.stringify({ "application/json": { schema: { $ref: "#/components/schemas/Error" } } }),
    );
    expect(other.map((r) => r.at)).toEqual([]);
  });

  it("the Error schema holds code, message, fields and problems under `error`", () => {
    const error = doc.components.schemas.Error?.properties?.error?.properties;
    expect(Object.keys(error ?? {}).sort()).toEqual(["code", "fields", "message", "problems"]);
  });

  it("answers an AppError's fields and problems in that shape, and keeps its reason on the server", async () => {
    const route = apiRoute({ auth: false }, async () => {
      throw new AppError("validation", "cannot launch: add leads", {
        fields: { name: ["required"] },
        problems: [{ message: "add leads" }, { message: "taken", about: "a.com" }],
        reason: "internal detail",
      });
    });
    const res = await route(new Request("http://localhost/x", { method: "POST" }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "validation",
        message: "cannot launch: add leads",
        fields: { name: ["required"] },
        problems: [{ message: "add leads" }, { message: "taken", about: "a.com" }],
      },
    });
  });
});

// every route file under src/app/api, by the OpenAPI path it serves
const routeModules = import.meta.glob<Record<string, unknown>>("../../src/app/api/**/route.ts");
const openApiPath = (file: string) =>
  file
    .replace(/^.*\/src\/app/, "")
    .replace(/\/route\.ts$/, "")
    .replace(/\[(\w+)\]/g, "{$1}");
const isApiRoute = (value: unknown): value is ApiRouteHandler =>
  typeof value === "function" && typeof (value as { status?: unknown }).status === "number";

describe("each operation declares its status", () => {
  it("a route answers a success 200 unless it declares another status, whatever its method", async () => {
    const post = apiRoute({ auth: false }, async () => ({ ok: true }));
    const created = apiRoute({ auth: false, status: 201 }, async () => ({ ok: true }));
    const removed = apiRoute({ auth: false, status: 204 }, async () => ({ ignored: true }));
    const req = () => new Request("http://localhost/x", { method: "POST" });
    expect((await post(req())).status).toBe(200);
    expect((await created(req())).status).toBe(201);
    const none = await removed(req());
    expect(none.status).toBe(204);
    expect(await none.text()).toBe("");
  });

  it("every documented operation is an apiRoute answering the status its operation documents", async () => {
    const routes = new Map<string, ApiRouteHandler>();
    for (const [file, load] of Object.entries(routeModules)) {
      const mod = await load();
      for (const [method, handler] of Object.entries(mod))
        if (isApiRoute(handler)) routes.set(`${method.toLowerCase()} ${openApiPath(file)}`, handler);
    }
    const mismatched = operations
      .filter((op) => op.path !== "/api/health") // answers 503 when degraded: not an apiRoute
      .map((op) => ({
        op: `${op.method} ${op.path}`,
        documented: op.status ?? 200,
        answered: routes.get(`${op.method} ${op.path}`)?.status,
      }))
      .filter((x) => x.documented !== x.answered);
    expect(mismatched).toEqual([]);
    const documented = new Set(operations.map((op) => `${op.method} ${op.path}`));
    const undocumented = [...routes.keys()].filter((r) => r.includes(" /api/v1/") && !documented.has(r));
    expect(undocumented).toEqual(["get /api/v1/openapi.json"]);
  }, 60_000); // loads every route module with what it imports
});

describe("the caller's type", () => {
  it("is undefined on a route with auth: false, and a Caller on every other", async () => {
    const open = apiRoute({ auth: false }, async ({ caller }) => {
      expectTypeOf(caller).toEqualTypeOf<undefined>();
      return { caller: caller ?? null };
    });
    apiRoute({}, async ({ caller }) => expectTypeOf(caller).toEqualTypeOf<Caller>());
    apiRoute({ auth: true }, async ({ caller }) => expectTypeOf(caller).toEqualTypeOf<Caller>());
    const res = await open(new Request("http://localhost/x"));
    expect(await res.json()).toEqual({ caller: null });
  });
});
