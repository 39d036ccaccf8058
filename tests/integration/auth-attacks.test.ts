import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOO_MANY_SIGN_INS } from "../../src/lib/auth/bounded-password";
import { createUserCommand } from "../../src/lib/cli/commands";
import { getDb } from "../../src/lib/db/client";
import { type AppServer, startAppServer } from "./helpers/app-server";

// The app served as `npm start` serves it with no TRUSTED_PROXIES: the client is the socket's
// peer. Each simulated person connects from their own loopback address (127.x.y.z), so the
// server sees genuinely different peers, as it would on the internet.

let app: AppServer;

beforeAll(async () => {
  app = await startAppServer(
    { LOGIN_RATE_LIMIT_MAX: "5", LOGIN_RATE_LIMIT_WINDOW_SECONDS: "60" },
    { trustedProxies: "" },
  );
});
afterAll(async () => {
  await app?.close();
});

type Reply = { status: number; body: string };

/** A request from a chosen local address, with whatever headers an attacker likes. */
function requestFrom(
  from: string,
  path: string,
  opts: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(path, app.url);
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: opts.method ?? (body ? "POST" : "GET"),
        localAddress: from,
        agent: false,
        headers: {
          origin: app.url,
          ...(body ? { "content-type": "application/json" } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

let n = 0;
async function newUser() {
  const email = `attack${Date.now()}${++n}@example.test`;
  const password = "correct horse battery";
  await createUserCommand(getDb(), { email, password });
  return { email, password };
}

const signIn = (from: string, email: string, password: string, headers?: Record<string, string>) =>
  requestFrom(from, "/api/auth/sign-in/email", { json: { email, password }, headers });

describe("log-in rate limit behind no proxy", () => {
  it("counts a rotating X-Forwarded-For against the connection's own address", async () => {
    const { email, password } = await newUser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await signIn("127.0.2.1", email, `guess-${i}-xx`, {
        "x-forwarded-for": `203.0.113.${i + 1}`,
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // X-Real-IP is not believed either
    const realIp = await signIn("127.0.2.1", email, password, { "x-real-ip": "198.51.100.1" });
    expect(realIp.status).toBe(429);
  });

  it("does not let a spoofed X-Forwarded-For lock a real user out", async () => {
    const { email, password } = await newUser();
    const victim = "127.0.3.1";
    for (let i = 0; i < 8; i++)
      await signIn("127.0.3.2", email, `guess-${i}-xx`, { "x-forwarded-for": victim });
    const real = await signIn(victim, email, password);
    expect(real.status).toBe(200);
  });
});

describe("a burst of sign-ins", () => {
  it("keeps /api/health answering while they are in flight, and refuses the overflow with 429", async () => {
    const { email, password } = await newUser();
    const total = 120;
    let settled = 0;
    const signIns = Array.from({ length: total }, (_, i) =>
      signIn(`127.1.${Math.floor(i / 200)}.${(i % 200) + 1}`, email, password).finally(() => settled++),
    );

    // Health is asked again and again while the burst runs; each answer notes how many sign-ins
    // were still pending when it came back.
    const healthWhilePending: number[] = [];
    while (settled < total) {
      const health = await requestFrom("127.0.4.1", "/api/health");
      expect(health.status).toBe(200);
      if (settled < total) healthWhilePending.push(total - settled);
    }
    const results = await Promise.all(signIns);

    // answered while the admitted sign-ins (2 hashing + up to 32 waiting) were still queued
    expect(healthWhilePending.length).toBeGreaterThan(0);
    expect(Math.max(...healthWhilePending)).toBeGreaterThanOrEqual(10);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(ok.length + refused.length).toBe(total);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of refused) expect(JSON.parse(r.body).message).toBe(TOO_MANY_SIGN_INS);
  });
});
