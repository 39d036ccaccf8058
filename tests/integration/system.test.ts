import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../src/lib/api/openapi";
import { withDatabase } from "../../src/lib/db/embedded";
import { runMigrations } from "../../src/lib/db/migrate";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { runTsx } from "./helpers/run";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app.close());

async function emptyDatabase() {
  const name = `mig_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({
    connectionString: withDatabase(process.env.DATABASE_URL!, "postgres"),
  });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return withDatabase(process.env.DATABASE_URL!, name);
}

describe("migrations", () => {
  it("two processes migrating an empty database at once apply each migration once", async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([
      runTsx("src/cli.ts", ["db:migrate"], { DATABASE_URL: url }),
      runTsx("src/cli.ts", ["db:migrate"], { DATABASE_URL: url }),
    ]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query("select count(*)::int as n from drizzle.__drizzle_migrations");
    const tables = await client.query(
      "select count(*)::int as n from information_schema.tables where table_name = 'api_keys'",
    );
    await client.end();
    const { readdirSync } = await import("node:fs");
    expect(rows[0].n).toBe(readdirSync("drizzle").filter((f) => f.endsWith(".sql")).length);
    expect(tables.rows[0].n).toBe(1);
    await runMigrations(url); // and again: nothing to do, no error
  });
});

describe("/api/health", () => {
  it("reports the database and the queues", async () => {
    const res = await new HttpClient(app.url).get("/api/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      database: { ok: boolean };
      queue: { ok: boolean; queues: { name: string }[] };
    };
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(body.queue.ok).toBe(true);
    expect(body.queue.queues.map((q) => q.name)).toContain("maintenance.cleanup");
  });
});

describe("/api/v1/openapi.json", () => {
  it("documents every operation with schemas generated from zod", async () => {
    const res = await new HttpClient(app.url).get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const op of operations)
      expect(doc.paths[op.path]?.[op.method], `${op.method} ${op.path}`).toBeDefined();
    expect(doc.components.schemas.CreateApiKey?.required).toEqual(["name"]);
    expect(Object.keys(doc.components.schemas.ApiKey?.properties ?? {})).toEqual(
      expect.arrayContaining(["id", "name", "prefix", "revokedAt"]),
    );
    expect(JSON.stringify(doc.paths["/api/v1/api-keys"]?.post?.requestBody)).toContain(
      "#/components/schemas/CreateApiKey",
    );
    // every $ref resolves
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1]!,
    );
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
  });
});
