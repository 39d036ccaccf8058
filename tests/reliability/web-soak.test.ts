import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "../../src/app/api/health/route";
import { GET as listCampaigns } from "../../src/app/api/v1/campaigns/route";
import { POST as createLead, GET as listLeads } from "../../src/app/api/v1/leads/route";
import { createApiKey } from "../../src/lib/api-keys/create-api-key";
import { createPersonalWorkspace } from "../../src/lib/auth/personal-workspace";
import { APPLICATION_NAME, getDb, getPool } from "../../src/lib/db/client";
import { users } from "../../src/lib/db/schema";
import { makeLeads } from "../integration/fixtures/campaign-fixtures";

/**
 * The web under the load: 200 concurrent keep-alive connections for 30 s
 * (RELIABILITY_SOAK_SECONDS), a mix of authenticated API reads (API key), the health route and a
 * write. The route modules are served by this process over real HTTP on loopback, handed a web
 * Request as Next.js hands them one (the bench's way: a production build takes minutes of both
 * cores), so the database pool and every query are the web process's own.
 */
const CONNECTIONS = 200;
const SECONDS = Number(process.env.RELIABILITY_SOAK_SECONDS ?? 30);

type Route = (req: Request) => Promise<Response>;
const routes: Record<string, Route> = {
  "GET /api/health": () => healthRoute(),
  "GET /api/v1/leads": (req) => listLeads(req),
  "POST /api/v1/leads": (req) => createLead(req),
  "GET /api/v1/campaigns": (req) => listCampaigns(req),
};

let server: http.Server;
let port: number;
let token: string;
beforeAll(async () => {
  const db = getDb();
  const userId = crypto.randomUUID();
  await db.insert(users).values({ id: userId, name: "Soak", email: "soak@example.test" });
  const ws = await createPersonalWorkspace(db, { userId, userName: "Soak", email: "soak@example.test" });
  ({ token } = await createApiKey(db, { workspaceId: ws.id, name: "soak", createdByUserId: userId }));
  await makeLeads(
    ws.id,
    Array.from({ length: 500 }, (_, i) => ({ email: `seed${i}@client.test`, firstName: `S${i}` })),
  );
  server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const route = routes[`${req.method} ${req.url?.split("?")[0]}`];
      if (!route) return void res.writeHead(404).end();
      const response = await route(
        new Request(`http://127.0.0.1${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        }),
      );
      res
        .writeHead(response.status, Object.fromEntries(response.headers))
        .end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      // what Next.js does with a handler that throws: a 500 (counted as a failure below)
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe(`the web under ${CONNECTIONS} concurrent connections for ${SECONDS} s`, () => {
  it("API reads, health and writes: every answer 2xx, no connection reset, the pool within its size; p50/p99 printed", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    const failures: string[] = [];
    let written = 0;
    const request = (method: string, path: string, body?: object) =>
      new Promise<void>((resolve) => {
        const started = performance.now();
        const payload = body ? JSON.stringify(body) : undefined;
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            method,
            path,
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload
                ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
                : {}),
            },
          },
          (res) => {
            let text = "";
            res.on("data", (d: Buffer) => (text += d));
            res.on("end", () => {
              latencies.push(performance.now() - started);
              const key = `${method} ${path.split("?")[0]} ${res.statusCode}`;
              statuses.set(key, (statuses.get(key) ?? 0) + 1);
              if (!res.statusCode || res.statusCode >= 300) failures.push(`${key}: ${text.slice(0, 200)}`);
              if (method === "POST" && res.statusCode === 201) written++;
              resolve();
            });
          },
        );
        req.on("error", (err) => {
          failures.push(`${method} ${path}: ${err.message}`);
          resolve();
        });
        req.end(payload);
      });

    // the database side, sampled while the load runs: requests waiting for a pooled connection,
    // and the pool's connections to this database (the web's pool must keep them within its size;
    // pg-boss's producer pool, autovacuum workers and this monitor are not the pool's)
    const monitor = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await monitor.connect();
    const pool = getPool();
    let maxWaiting = 0;
    let maxBackends = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        maxWaiting = Math.max(maxWaiting, pool.waitingCount);
        const { rows } = await monitor.query<{ n: number }>(
          `select count(*)::int n from pg_stat_activity
            where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()`,
          [APPLICATION_NAME],
        );
        maxBackends = Math.max(maxBackends, rows[0]!.n);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const until = performance.now() + SECONDS * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, client) => {
        while (performance.now() < until) {
          const i = n++;
          const pick = i % 20;
          if (pick < 9) await request("GET", `/api/v1/leads?page=${1 + (i % 5)}&pageSize=50`);
          else if (pick < 13) await request("GET", "/api/v1/campaigns");
          else if (pick < 16) await request("GET", "/api/health");
          else
            await request("POST", "/api/v1/leads", {
              email: `soak${client}-${i}@client.test`,
              firstName: "Soak",
            });
        }
      }),
    );
    sampling = false;
    await sampler;
    await monitor.end();
    agent.destroy();

    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    console.log(
      `web under ${CONNECTIONS} connections for ${SECONDS} s: ${latencies.length} requests ` +
        `(${Math.round(latencies.length / SECONDS)}/s), p50 ${at(50).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms; ` +
        `pool: at most ${maxWaiting} requests waiting, ${maxBackends} database connections`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(latencies.length).toBeGreaterThan(CONNECTIONS);
    // every kind of request answered, each with its success status
    expect([...statuses.keys()].sort()).toEqual([
      "GET /api/health 200",
      "GET /api/v1/campaigns 200",
      "GET /api/v1/leads 200",
      "POST /api/v1/leads 201",
    ]);
    // the pool held the line: never more connections than its size (10), the rest queued in it
    // rather than refused — at most two queries a request at once (a page and its total) — and
    // every connection back in the pool once the load stops (none leaked by an error path)
    expect(maxBackends).toBeLessThanOrEqual(pool.options.max ?? 10);
    expect(maxWaiting).toBeLessThanOrEqual(2 * CONNECTIONS);
    expect({ waiting: pool.waitingCount, inUse: pool.totalCount - pool.idleCount }).toEqual({
      waiting: 0,
      inUse: 0,
    });
    // and every write is in the database
    const { rows } = await getPool().query<{ n: number }>(
      "select count(*)::int n from leads where email like 'soak%@client.test'",
    );
    expect(rows[0]!.n).toBe(written);
  });
});
