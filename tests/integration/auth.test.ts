import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { accounts, apiKeys, members, sessions, users, workspaces } from "../../src/lib/db/schema";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { startOidcProvider } from "./helpers/oidc-provider";
import { createKey, nextIp, signUp } from "./helpers/users";

let app: AppServer;
let oidc: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  // The OIDC provider needs our callback URL and we need its issuer: reserve our server first.
  app = await startAppServer({ LOGIN_RATE_LIMIT_MAX: "5", LOGIN_RATE_LIMIT_WINDOW_SECONDS: "60" });
  oidc = await startOidcProvider({
    redirectUri: `${app.url}/api/auth/callback/oidc`,
    user: { sub: "alice-123", email: "alice@corp.test", name: "Alice Example" },
  });
  Object.assign(process.env, {
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: oidc.clientId,
    OIDC_CLIENT_SECRET: oidc.clientSecret,
    OIDC_PROVIDER_NAME: "Corp SSO",
  });
  (await import("../../src/lib/config/env")).resetEnvCache();
});

afterAll(async () => {
  await oidc?.close();
  await app?.close();
});

describe("sign-up", () => {
  it("creates the user, a workspace they own, and a session", async () => {
    const { client, email, workspaceId } = await signUp(app.url, { name: "Sam Sender" });
    const db = getDb();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user?.name).toBe("Sam Sender");
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(ws?.name).toBe("Sam Sender's workspace");
    const [member] = await db.select().from(members).where(eq(members.userId, user!.id));
    expect(member).toMatchObject({ organizationId: workspaceId, role: "owner" });
    const me = await (await client.get("/api/v1/me")).json();
    expect(me).toMatchObject({ role: "owner", via: "session", user: { email } });
    // the sign-up session opens in that workspace (Better Auth's workspace endpoints rely on it)
    const [session] = await db.select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(session?.activeOrganizationId).toBe(workspaceId);
    const full = await client.get("/api/auth/organization/get-full-organization");
    expect(((await full.json()) as { id: string }).id).toBe(workspaceId);
  });

  it("accepts the app's other loopback names, and explains a refused address", async () => {
    const port = new URL(app.url).port;
    const sameMachine = new HttpClient(app.url, {
      "x-forwarded-for": nextIp(),
      origin: `http://localhost:${port}`,
    });
    const ok = await sameMachine.post("/api/auth/sign-up/email", {
      email: `loopback${Date.now()}@example.test`,
      password: "correct horse battery",
      name: "Local",
    });
    expect(ok.status, await ok.clone().text()).toBe(200);
    // a change through the API with that session, from the localhost page
    const key = await sameMachine.post("/api/v1/api-keys", { name: "from localhost" });
    expect(key.status).toBe(201);

    const lan = new HttpClient(app.url, {
      "x-forwarded-for": nextIp(),
      origin: `http://192.168.1.20:${port}`,
    });
    const refused = await lan.post("/api/auth/sign-up/email", {
      email: `lan${Date.now()}@example.test`,
      password: "correct horse battery",
      name: "LAN",
    });
    expect(refused.status).toBe(403);
    const { message } = (await refused.json()) as { message: string };
    expect(message).toContain(`http://192.168.1.20:${port}`);
    expect(message).toContain(app.url);
    expect(message).toContain("APP_URL");
  });

  it("renaming the workspace gives it a slug that follows the new name", async () => {
    const { client } = await signUp(app.url, { name: "Slug Owner" });
    const res = await client.request("/api/v1/workspace", {
      method: "PATCH",
      json: { name: "Acme Café Outreach" },
    });
    expect(res.status).toBe(200);
    const me = (await (await client.get("/api/v1/me")).json()) as {
      workspace: { name: string; slug: string };
    };
    expect(me.workspace.name).toBe("Acme Café Outreach");
    expect(me.workspace.slug).toMatch(/^acme-cafe-outreach-[0-9a-f]{6}$/);
  });

  it("stores a password hash, never the password", async () => {
    const { email, password } = await signUp(app.url);
    const db = getDb();
    const [user] = await db.select().from(users).where(eq(users.email, email));
    const [account] = await db.select().from(accounts).where(eq(accounts.userId, user!.id));
    expect(account?.providerId).toBe("credential");
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain(password);
  });

  it("refuses a taken email and a short password with a clear error", async () => {
    const { email } = await signUp(app.url);
    const client = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const taken = await client.post("/api/auth/sign-up/email", {
      email,
      password: "another password",
      name: "X",
    });
    expect(taken.status).toBe(422);
    expect(((await taken.json()) as { message: string }).message).toMatch(/already exists/i);
    const short = await client.post("/api/auth/sign-up/email", {
      email: "new@example.test",
      password: "short",
      name: "X",
    });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { message: string }).message).toMatch(/password too short/i);
  });
});

describe("log-in", () => {
  it("sets an httpOnly session cookie backed by a session row", async () => {
    const { email, password } = await signUp(app.url);
    const client = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const res = await client.post("/api/auth/sign-in/email", { email, password });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//i);
    const token = decodeURIComponent(client.cookie("better-auth.session_token")!).split(".")[0]!;
    const [row] = await getDb().select().from(sessions).where(eq(sessions.token, token));
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect(row?.activeOrganizationId).toBeTruthy();
    expect((await client.get("/api/v1/me")).status).toBe(200);
  });

  it("rejects a wrong password without a session", async () => {
    const { email } = await signUp(app.url);
    const client = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const res = await client.post("/api/auth/sign-in/email", { email, password: "wrong password!" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/invalid email or password/i);
    expect(client.cookie("better-auth.session_token")).toBeUndefined();
    expect((await client.get("/api/v1/me")).status).toBe(401);
  });

  it("rate-limits repeated log-in attempts from one address, not others", async () => {
    const { email, password } = await signUp(app.url);
    const attacker = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await attacker.post("/api/auth/sign-in/email", { email, password: `guess-${i}-xx` })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // the sixth try is refused even with the right password
    const blocked = await attacker.post("/api/auth/sign-in/email", { email, password });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("x-retry-after")).toBeTruthy();
    const someoneElse = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    expect((await someoneElse.post("/api/auth/sign-in/email", { email, password })).status).toBe(200);
  });

  it("log-out ends the session", async () => {
    const { client } = await signUp(app.url);
    expect((await client.get("/api/v1/me")).status).toBe(200);
    const token = decodeURIComponent(client.cookie("better-auth.session_token")!).split(".")[0]!;
    const res = await client.post("/api/auth/sign-out", {});
    expect(res.status).toBe(200);
    expect(await getDb().select().from(sessions).where(eq(sessions.token, token))).toHaveLength(0);
    expect((await client.get("/api/v1/me")).status).toBe(401);
  });
});

describe("OpenID Connect log-in", () => {
  it("signs in through a real OpenID provider and lands with a workspace", async () => {
    const browser = new HttpClient(app.url, { "x-forwarded-for": nextIp() });
    const start = await browser.post("/api/auth/sign-in/social", {
      provider: "oidc",
      callbackURL: "/campaigns",
    });
    expect(start.status).toBe(200);
    const { url } = (await start.json()) as { url: string };
    expect(url.startsWith(`${oidc.issuer}/auth?`)).toBe(true);
    expect(new URL(url).searchParams.get("code_challenge")).toBeTruthy();

    // provider: login + consent interactions, then back to our callback, then to callbackURL
    const { url: finalUrl } = await browser.follow(url);
    expect(oidc.interactions()).toBeGreaterThanOrEqual(1);
    expect(`${new URL(finalUrl).origin}${new URL(finalUrl).pathname}`).toBe(`${app.url}/campaigns`);

    const me = await (await browser.get("/api/v1/me")).json();
    expect(me).toMatchObject({
      via: "session",
      role: "owner",
      user: { email: "alice@corp.test", name: "Alice Example" },
    });
    const db = getDb();
    const [user] = await db.select().from(users).where(eq(users.email, "alice@corp.test"));
    const [account] = await db.select().from(accounts).where(eq(accounts.userId, user!.id));
    expect(account).toMatchObject({ providerId: "oidc", accountId: "alice-123" });
  });
});

describe("API keys", () => {
  it("authenticate /api/v1 for their workspace; stored hashed; revocable", async () => {
    const { client, workspaceId } = await signUp(app.url);
    const { key, apiKey } = await createKey(client, "CI key");
    expect(key).toMatch(/^cf_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 10));

    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(JSON.stringify(row)).not.toContain(key);

    const anon = new HttpClient(app.url);
    const me = await anon.get("/api/v1/me", { authorization: `Bearer ${key}` });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ workspace: { id: workspaceId }, via: "api_key", user: null });

    const listed = (await (await client.get("/api/v1/api-keys")).json()) as {
      data: { id: string; name: string }[];
    };
    expect(listed.data.map((k) => k.name)).toEqual(["CI key"]);
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await anon.get("/api/v1/me", { authorization: "Bearer cf_not-a-real-key" })).status).toBe(401);
    expect((await client.request(`/api/v1/api-keys/${apiKey.id}`, { method: "DELETE" })).status).toBe(200);
    const after = await anon.get("/api/v1/me", { authorization: `Bearer ${key}` });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("answers 400 with field errors for bad JSON or fields, with no stack trace", async () => {
    const { client } = await signUp(app.url);
    const badJson = await client.request("/api/v1/api-keys", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({
      error: { code: "bad_request", message: "the request body is not valid JSON" },
    });
    const badField = await client.post("/api/v1/api-keys", { name: "" });
    expect(badField.status).toBe(400);
    const body = (await badField.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe("validation");
    expect(Object.keys(body.error.fields)).toEqual(["name"]);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe("workspaces", () => {
  it("never show one workspace's rows to another: 404, not 403", async () => {
    const a = await signUp(app.url);
    const b = await signUp(app.url);
    const aKey = await createKey(a.client, "A's key");
    const bKey = await createKey(b.client, "B's key");
    const asB = { authorization: `Bearer ${bKey.key}` };
    const anon = new HttpClient(app.url);

    const read = await anon.get(`/api/v1/api-keys/${aKey.apiKey.id}`, asB);
    expect(read.status).toBe(404);
    const revoke = await anon.request(`/api/v1/api-keys/${aKey.apiKey.id}`, {
      method: "DELETE",
      headers: asB,
    });
    expect(revoke.status).toBe(404);
    const list = (await (await anon.get("/api/v1/api-keys", asB)).json()) as { data: { id: string }[] };
    expect(list.data.map((k) => k.id)).toEqual([bKey.apiKey.id]);
    // A's key is untouched
    expect((await anon.get("/api/v1/me", { authorization: `Bearer ${aKey.key}` })).status).toBe(200);
    // and with B's session cookie too
    expect((await b.client.get(`/api/v1/api-keys/${aKey.apiKey.id}`)).status).toBe(404);
  });

  it("invite a member, who joins, switches workspace, and has the member role", async () => {
    const owner = await signUp(app.url, { name: "Owner" });
    const invitee = await signUp(app.url, { name: "Invitee" });
    const invite = await owner.client.post("/api/auth/organization/invite-member", {
      email: invitee.email,
      role: "member",
      organizationId: owner.workspaceId,
    });
    expect(invite.status).toBe(200);
    const { id: invitationId } = (await invite.json()) as { id: string };

    const accept = await invitee.client.post("/api/auth/organization/accept-invitation", { invitationId });
    expect(accept.status).toBe(200);
    const switched = await invitee.client.post("/api/auth/organization/set-active", {
      organizationId: owner.workspaceId,
    });
    expect(switched.status).toBe(200);
    const me = (await (await invitee.client.get("/api/v1/me")).json()) as {
      workspace: { id: string };
      role: string;
    };
    expect(me).toMatchObject({ workspace: { id: owner.workspaceId }, role: "member" });

    // members cannot manage keys or rename the workspace
    const denied = await invitee.client.post("/api/v1/api-keys", { name: "nope" });
    expect(denied.status).toBe(403);
    expect(
      (await invitee.client.request("/api/v1/workspace", { method: "PATCH", json: { name: "x" } })).status,
    ).toBe(403);

    // switch back to their own workspace
    await invitee.client.post("/api/auth/organization/set-active", { organizationId: invitee.workspaceId });
    const own = (await (await invitee.client.get("/api/v1/me")).json()) as {
      workspace: { id: string };
      role: string;
    };
    expect(own).toMatchObject({ workspace: { id: invitee.workspaceId }, role: "owner" });
  });

  it("cannot switch into a workspace one is not a member of", async () => {
    const a = await signUp(app.url);
    const b = await signUp(app.url);
    const res = await b.client.post("/api/auth/organization/set-active", { organizationId: a.workspaceId });
    expect(res.status).toBe(403);
    const me = (await (await b.client.get("/api/v1/me")).json()) as { workspace: { id: string } };
    expect(me.workspace.id).toBe(b.workspaceId);
  });
});
