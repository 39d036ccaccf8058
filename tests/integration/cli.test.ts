import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEmbeddedPostgres } from "../../src/lib/db/embedded";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { runTsx } from "./helpers/run";
import { nextIp } from "./helpers/users";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app.close());

const cli = (...args: string[]) => runTsx("src/cli.ts", args, { DATABASE_URL: process.env.DATABASE_URL });

// each case starts the CLI as processes of its own (tsx, Better Auth): slow on a busy machine
describe("npm run cli", () => {
  it("user:create makes a user who can log in, and apikey:create a key that /api/v1 accepts", {
    timeout: 180_000,
  }, async () => {
    const created = await cli(
      "user:create",
      "--email",
      "ops@example.test",
      "--password",
      "s3cret-pass",
      "--workspace",
      "Ops Team",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const user = JSON.parse(created.stdout) as { userId: string; workspaceId: string; workspaceName: string };
    expect(user.workspaceName).toBe("Ops Team");

    const key = await cli("apikey:create", "--email", "ops@example.test");
    expect(key.code).toBe(0);
    const token = key.stdout.trim();
    expect(token).toMatch(/^cf_/);

    const api = new HttpClient(app.url);
    const me = await api.get("/api/v1/me", { authorization: `Bearer ${token}` });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      workspace: { id: user.workspaceId, name: "Ops Team" },
      via: "api_key",
    });

    const browser = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const login = await browser.post("/api/auth/sign-in/email", {
      email: "ops@example.test",
      password: "s3cret-pass",
    });
    expect(login.status).toBe(200);
  });

  it("fails with a clear message on bad input and changes nothing", { timeout: 180_000 }, async () => {
    const missing = await cli("user:create", "--email", "x@example.test");
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("error: missing --password");

    await cli("user:create", "--email", "dup@example.test", "--password", "password-1");
    const dup = await cli("user:create", "--email", "dup@example.test", "--password", "password-2");
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain("already exists");

    const nobody = await cli("apikey:create", "--email", "nobody@example.test");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim()).toBe("error: no user with email nobody@example.test");

    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it("reaches the embedded database of a running app through the same DATA_DIR", {
    timeout: 180_000,
  }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "coldframe-cli-"));
    chmodSync(dataDir, 0o755);
    const running = await ensureEmbeddedPostgres(dataDir, { fast: true }); // as `npm start` would
    try {
      const env = { DATABASE_URL: undefined, DATA_DIR: dataDir, NODE_ENV: "development" };
      const created = await runTsx(
        "src/cli.ts",
        ["user:create", "--email", "e@example.test", "--password", "password-9"],
        env,
      );
      expect(created.stderr).toBe("");
      const key = await runTsx("src/cli.ts", ["apikey:create", "--email", "e@example.test"], env);
      expect(key.code).toBe(0);
      // the rows are in the running server's database
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: running.url });
      await client.connect();
      const { rows } = await client.query("select count(*)::int as n from api_keys");
      await client.end();
      expect(rows[0].n).toBe(1);
    } finally {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
