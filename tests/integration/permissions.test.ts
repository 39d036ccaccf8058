import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../src/lib/api/openapi";
import { getDb } from "../../src/lib/db/client";
import { apiKeys } from "../../src/lib/db/schema";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { createKey, signUp } from "./helpers/users";

let app: AppServer;

beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

type Person = Awaited<ReturnType<typeof signUp>>;

/** `person` joins `owner`'s workspace with `role` through the invitation link, and works in it. */
async function join(owner: Person, person: Person, role: "admin" | "member") {
  const invite = await owner.client.post("/api/auth/organization/invite-member", {
    email: person.email,
    role,
    organizationId: owner.workspaceId,
  });
  expect(invite.status).toBe(200);
  const { id } = (await invite.json()) as { id: string };
  expect(
    (await person.client.post("/api/auth/organization/accept-invitation", { invitationId: id })).status,
  ).toBe(200);
  await person.client.post("/api/auth/organization/set-active", { organizationId: owner.workspaceId });
  const me = (await (await person.client.get("/api/v1/me")).json()) as { role: string };
  expect(me.role).toBe(role);
  return (await (await owner.client.get("/api/auth/organization/get-full-organization")).json()) as {
    members: { id: string; userId: string; user: { email: string } }[];
  };
}

const memberIdOf = async (owner: Person, email: string) => {
  const org = (await (await owner.client.get("/api/auth/organization/get-full-organization")).json()) as {
    members: { id: string; user: { email: string } }[];
  };
  return org.members.find((m) => m.user.email === email)!.id;
};

// Valid bodies for the admin operations that take one: the body is parsed before the role is
// checked, so an invalid one would answer 400 and hide whether the role check holds.
const bodies: Record<string, unknown> = {
  "patch /api/v1/workspace": { name: "Renamed" },
  "post /api/v1/api-keys": { name: "member key" },
  "put /api/v1/domains/{id}/dns/settings": { spf: { preset: "google" } },
  "post /api/v1/domains": { name: "member-domain.example" },
  "patch /api/v1/domains/{id}": { trackingHost: null },
  "post /api/v1/mailboxes": {
    email: "m@member.example",
    smtp: { host: "smtp.member.example", port: 587, security: "starttls", password: "secret" },
    imap: { host: "imap.member.example", port: 993, security: "tls" },
  },
  "post /api/v1/mailboxes/test": {
    email: "m@member.example",
    smtp: { host: "smtp.member.example", port: 587, security: "starttls", password: "secret" },
    imap: { host: "imap.member.example", port: 993, security: "tls" },
  },
  "patch /api/v1/mailboxes/{id}": { dailyLimit: 10 },
  "post /api/v1/provider-accounts": {
    provider: "namecom",
    label: "member account",
    username: "someone",
    token: "0123456789abcdef",
  },
  "post /api/v1/webhooks": { url: "https://hooks.member.example/in" },
  "patch /api/v1/webhooks/{id}": { enabled: false },
};

describe("role matrix", () => {
  it("answers 403 with a clear message to a member for every admin operation, and only for those", async () => {
    const owner = await signUp(app.url, { name: "Owner" });
    const member = await signUp(app.url, { name: "Member" });
    await join(owner, member, "member");

    const adminOps = operations.filter((op) => op.role === "admin");
    expect(adminOps.length).toBeGreaterThanOrEqual(20);
    for (const op of operations) {
      if (op.public || op.bodyContentType) continue;
      const key = `${op.method} ${op.path}`;
      const path = op.path.replace(/\{\w+\}/g, "no-such-id");
      const res = await member.client.request(path, {
        method: op.method.toUpperCase(),
        ...(op.method === "get" ? {} : { json: bodies[key] ?? {} }),
      });
      const body = await res.text();
      if (op.role === "admin") {
        expect({ key, status: res.status }).toEqual({ key, status: 403 });
        expect(JSON.parse(body)).toEqual({
          error: { code: "forbidden", message: "this needs the admin role; you are member" },
        });
      } else {
        expect({ key, status: res.status, forbidden: res.status === 403 }).toMatchObject({
          key,
          forbidden: false,
        });
      }
    }
    // the OpenAPI document says which operations need admin, and that they answer 403
    const doc = (await (await member.client.get("/api/v1/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<string, { "x-required-role"?: string; responses: Record<string, unknown> }>
      >;
    };
    for (const op of adminOps) {
      const documented = doc.paths[op.path]?.[op.method];
      expect({ op: `${op.method} ${op.path}`, role: documented?.["x-required-role"] }).toEqual({
        op: `${op.method} ${op.path}`,
        role: "admin",
      });
      expect(documented?.responses["403"]).toBeDefined();
    }
    // connecting a mailbox by OAuth is refused too (the start redirects back with the reason)
    const oauth = await member.client.get("/api/mailboxes/oauth/google/start");
    expect(oauth.status).toBe(303);
    expect(new URL(oauth.headers.get("location") ?? "").searchParams.get("oauthError")).toBe(
      "this needs the admin role; you are member",
    );
  });

  it("lets a member do day-to-day work: lists, leads, suppressions", async () => {
    const owner = await signUp(app.url);
    const member = await signUp(app.url);
    await join(owner, member, "member");
    const list = await member.client.post("/api/v1/lead-lists", { name: "Prospects" });
    expect(list.status).toBe(201);
    const lead = await member.client.post("/api/v1/leads", { email: "lead@prospect.example" });
    expect(lead.status).toBe(201);
    const { id: leadId } = (await lead.json()) as { id: string };
    expect(
      (
        await member.client.request(`/api/v1/leads/${leadId}`, {
          method: "PATCH",
          json: { firstName: "Ada" },
        })
      ).status,
    ).toBe(200);
    expect((await member.client.post("/api/v1/suppressions", { value: "no@prospect.example" })).status).toBe(
      201,
    );
    // but deleting the lead is an admin's
    const del = await member.client.request(`/api/v1/leads/${leadId}`, { method: "DELETE" });
    expect(del.status).toBe(403);
    expect((await owner.client.request(`/api/v1/leads/${leadId}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("API keys follow their creator", () => {
  it("act with the creator's current role, capped at admin", async () => {
    const owner = await signUp(app.url);
    const admin = await signUp(app.url);
    await join(owner, admin, "admin");
    const ownerKey = await createKey(owner.client, "owner's key");
    const adminKey = await createKey(admin.client, "admin's key");
    const anon = new HttpClient(app.url);
    const roleOf = async (key: string) =>
      ((await (await anon.get("/api/v1/me", { authorization: `Bearer ${key}` })).json()) as { role: string })
        .role;
    expect(await roleOf(ownerKey.key)).toBe("admin");
    expect(await roleOf(adminKey.key)).toBe("admin");

    // demoted: the key is demoted with them
    const adminMemberId = await memberIdOf(owner, admin.email);
    const demote = await owner.client.post("/api/auth/organization/update-member-role", {
      memberId: adminMemberId,
      role: "member",
    });
    expect(demote.status).toBe(200);
    expect(await roleOf(adminKey.key)).toBe("member");
    const mint = await anon.request("/api/v1/api-keys", {
      method: "POST",
      json: { name: "escalate" },
      headers: { authorization: `Bearer ${adminKey.key}` },
    });
    expect(mint.status).toBe(403);
  });

  it("die when their creator is removed: refused at once, shown revoked with who made them", async () => {
    const owner = await signUp(app.url, { name: "Olga Owner" });
    const admin = await signUp(app.url, { name: "Adam Admin" });
    await join(owner, admin, "admin");
    const { key, apiKey } = await createKey(admin.client, "Adam's CI key");
    // a key minted with a key belongs to the same person
    const anon = new HttpClient(app.url);
    const minted = await anon.request("/api/v1/api-keys", {
      method: "POST",
      json: { name: "minted by key" },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(minted.status).toBe(201);
    const second = (await minted.json()) as {
      key: string;
      apiKey: { id: string; createdBy: { email: string } };
    };
    expect(second.apiKey.createdBy.email).toBe(admin.email);

    const listed = (await (await owner.client.get("/api/v1/api-keys")).json()) as {
      data: { id: string; createdBy: { name: string; email: string; isMember: boolean } | null }[];
    };
    expect(listed.data.find((k) => k.id === apiKey.id)?.createdBy).toMatchObject({
      name: "Adam Admin",
      email: admin.email,
      isMember: true,
    });

    const removed = await owner.client.post("/api/auth/organization/remove-member", {
      memberIdOrEmail: admin.email,
      organizationId: owner.workspaceId,
    });
    expect(removed.status).toBe(200);

    for (const k of [key, second.key]) {
      const me = await anon.get("/api/v1/me", { authorization: `Bearer ${k}` });
      expect(me.status).toBe(401);
      expect(await me.json()).toEqual({
        error: {
          code: "unauthorized",
          message: "this key's creator left the workspace: ask an admin for a new key",
        },
      });
    }
    const after = (await (await owner.client.get("/api/v1/api-keys")).json()) as {
      data: {
        id: string;
        revokedAt: string | null;
        createdBy: { email: string; isMember: boolean } | null;
      }[];
    };
    for (const id of [apiKey.id, second.apiKey.id]) {
      const row = after.data.find((k) => k.id === id)!;
      expect(row.revokedAt).not.toBeNull();
      expect(row.createdBy).toMatchObject({ email: admin.email, isMember: false });
    }
  });

  it("die when their creator leaves the workspace", async () => {
    const owner = await signUp(app.url);
    const admin = await signUp(app.url);
    await join(owner, admin, "admin");
    const { key, apiKey } = await createKey(admin.client, "leaver's key");
    const left = await admin.client.post("/api/auth/organization/leave", {
      organizationId: owner.workspaceId,
    });
    expect(left.status).toBe(200);
    const anon = new HttpClient(app.url);
    expect((await anon.get("/api/v1/me", { authorization: `Bearer ${key}` })).status).toBe(401);
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row?.revokedAt).not.toBeNull();
  });
});

describe("cross-site requests with a session cookie", () => {
  it("refuses changes from another Origin, even as text/plain", async () => {
    const { client } = await signUp(app.url);
    const res = await client.request("/api/v1/lead-lists", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      body: JSON.stringify({ name: "planted" }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /came from another site/,
    );
    const lists = (await (await client.get("/api/v1/lead-lists")).json()) as { data: { name: string }[] };
    expect(lists.data.map((l) => l.name)).not.toContain("planted");
  });

  it("without an Origin, accepts only Sec-Fetch-Site: same-origin", async () => {
    const { client } = await signUp(app.url);
    const cookie = `better-auth.session_token=${client.cookie("better-auth.session_token")}`;
    const post = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/v1/lead-lists`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ name: "list" }),
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await post({ "sec-fetch-site": "same-origin" })).status).toBe(201);
    // reading needs no Origin
    expect((await fetch(`${app.url}/api/v1/lead-lists`, { headers: { cookie } })).status).toBe(200);
  });

  it("leaves API-key callers alone", async () => {
    const { client } = await signUp(app.url);
    const { key } = await createKey(client);
    const res = await fetch(`${app.url}/api/v1/lead-lists`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        origin: "https://elsewhere.example",
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: "from a script" }),
    });
    expect(res.status).toBe(201);
  });
});

describe("invitations", () => {
  it("cannot be found or accepted by a stranger who signs up with the invited address", async () => {
    const owner = await signUp(app.url);
    const invitedEmail = `invited${Date.now()}@example.test`;
    const invite = await owner.client.post("/api/auth/organization/invite-member", {
      email: invitedEmail,
      role: "admin",
      organizationId: owner.workspaceId,
    });
    expect(invite.status).toBe(200);
    const { id: invitationId } = (await invite.json()) as { id: string };

    // anyone can sign up with any address: the email is not verified
    const stranger = await signUp(app.url, { email: invitedEmail });
    const byEmail = await stranger.client.get("/api/auth/organization/list-user-invitations");
    expect(byEmail.status).toBe(404);
    expect(await byEmail.text()).not.toContain(invitationId);
    for (const path of [
      `/api/auth/organization/list-invitations?organizationId=${owner.workspaceId}`,
      `/api/auth/organization/get-full-organization?organizationId=${owner.workspaceId}`,
    ]) {
      const res = await stranger.client.get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(invitationId);
    }
    const guessed = await stranger.client.post("/api/auth/organization/accept-invitation", {
      invitationId: "guessed-id",
    });
    expect(guessed.status).toBeGreaterThanOrEqual(400);
    expect(guessed.status).toBeLessThan(500);
    const me = (await (await stranger.client.get("/api/v1/me")).json()) as { workspace: { id: string } };
    expect(me.workspace.id).toBe(stranger.workspaceId);

    // with the link, the person at that address joins (the link is the proof)
    const other = await signUp(app.url);
    const wrongPerson = await other.client.post("/api/auth/organization/accept-invitation", { invitationId });
    expect(wrongPerson.status).toBe(403);
    const accepted = await stranger.client.post("/api/auth/organization/accept-invitation", { invitationId });
    expect(accepted.status).toBe(200);
  });
});
