import { beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./client";
import { assertNoCrash, type Person, signUp, startSecurityApp } from "./people";

type OpenApi = { paths: Record<string, Record<string, { requestBody?: unknown }>> };

/** A valid body for each operation that takes one, so a refusal is about ownership, not shape. */
const bodies: Record<string, unknown> = {
  "PATCH /api/v1/workspace": { name: "Renamed by a stranger" },
  "POST /api/v1/api-keys": { name: "stranger key" },
  "PATCH /api/v1/campaigns/{id}": { name: "Taken over" },
  "POST /api/v1/campaigns/{id}/leads": { leadIds: ["x"] },
  "PATCH /api/v1/domains/{id}": { trackingHost: null },
  "PUT /api/v1/domains/{id}/dns/settings": { dmarc: { policy: "reject" } },
  "POST /api/v1/inbox/threads/{id}/reply": { text: "hello from another workspace" },
  "PATCH /api/v1/inbox/messages/{id}": { isRead: true },
  "PATCH /api/v1/leads/{id}": { firstName: "Mallory" },
  "PATCH /api/v1/lead-lists/{id}": { name: "Taken over" },
  "POST /api/v1/lead-lists/{id}/leads": { leadIds: ["x"] },
  "DELETE /api/v1/lead-lists/{id}/leads": { leadIds: ["x"] },
  "PATCH /api/v1/mailboxes/{id}": { fromName: "Mallory" },
  "PATCH /api/v1/webhooks/{id}": { enabled: false },
  "PATCH /api/v1/cart/{id}": { extensionValues: {} },
  "POST /api/v1/inbox/messages/{id}/link": { leadId: "x" },
};

/** Which of the victim's rows a path's `{id}` names. */
const kindOf = (path: string) => path.match(/^\/api\/v1\/([a-z-]+(?:\/(?:threads|messages))?)\/\{id\}/)?.[1];

// the app under attack, shared by the tier's files (tests/security/app.ts)
beforeAll(startSecurityApp);

describe("another workspace's rows, through every documented operation", () => {
  let victim: Person;
  let stranger: Person;
  let doc: OpenApi;
  const ids: Record<string, string> = {};
  const views = new Map<string, string>();

  const created = async (client: Client, path: string, body: unknown) => {
    const res = await client.post(path, body);
    expect(res.status, `${path}: ${res.text}`).toBe(201);
    // a row, or a row wrapped with extras ({ webhook, secret }, { suppression, created })
    const row = res.json() as Record<string, unknown>;
    const nested = Object.values(row).find(
      (v): v is { id: string } => typeof (v as { id?: unknown })?.id === "string",
    );
    const id = typeof row.id === "string" ? row.id : nested?.id;
    if (!id) throw new Error(`${path}: no id in ${res.text}`);
    return id;
  };

  beforeAll(async () => {
    victim = await signUp("victim");
    stranger = await signUp("stranger");
    const api = victim.api;
    ids["lead-lists"] = await created(api, "/api/v1/lead-lists", { name: "Victim list" });
    ids.leads = await created(api, "/api/v1/leads", {
      email: "target@victim.example",
      firstName: "Vic",
      listIds: [ids["lead-lists"]],
    });
    ids.campaigns = await created(api, "/api/v1/campaigns", { name: "Victim campaign" });
    ids.suppressions = await created(api, "/api/v1/suppressions", { value: "nope@victim.example" });
    ids.webhooks = await created(api, "/api/v1/webhooks", { url: "http://127.0.0.2:9/hook" });
    ids.domains = await created(api, "/api/v1/domains", { name: "victim-outbound.example" });
    ids["provider-accounts"] = await created(api, "/api/v1/provider-accounts", {
      provider: "powerdns",
      label: "Victim DNS",
      apiUrl: "http://127.0.0.2:8081",
      apiKey: "victim-secret-key",
      nameservers: ["ns1.victim.example"],
    });
    ids.mailboxes = await created(api, "/api/v1/mailboxes", {
      email: "sender@victim.example",
      smtp: { host: "127.0.0.2", port: 2525, security: "none", password: "victim-smtp-password" },
      imap: { host: "127.0.0.2", port: 1143, security: "none" },
    });
    const keys = (await victim.client.get("/api/v1/api-keys")).json() as { data: { id: string }[] };
    ids["api-keys"] = keys.data[0]!.id;
    doc = (await victim.api.get("/api/v1/openapi.json")).json() as OpenApi;
    for (const [kind, id] of Object.entries(ids)) {
      const res = await victim.api.get(`/api/v1/${kind}/${id}`);
      if (res.status === 200) views.set(kind, stable(res.text));
    }
  });

  it("answers 404 to the other workspace's key and session for every operation on a row", async () => {
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.includes("{id}")) continue;
      const kind = kindOf(path);
      // rows the victim has none of (inbox messages, orders, imports) are named by a fresh id:
      // the answer must be the same 404 as for a row that exists elsewhere
      const id = (kind && ids[kind]) ?? crypto.randomUUID();
      for (const method of Object.keys(methods)) {
        const op = `${method.toUpperCase()} ${path}`;
        for (const [via, client] of [
          ["api key", stranger.api],
          ["session", stranger.client],
        ] as const) {
          const res = await client.request(path.replace("{id}", id), {
            method: method.toUpperCase(),
            ...(methods[method]?.requestBody ? { body: bodies[op] ?? {} } : {}),
          });
          assertNoCrash(res, `${op} (${via})`);
          expect(res.status, `${op} via the stranger's ${via}: ${res.text}`).toBe(404);
          checked.push(op);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(40);
    for (const [kind, before] of views) {
      const res = await victim.api.get(`/api/v1/${kind}/${ids[kind]}`);
      expect(res.status, `${kind} still there`).toBe(200);
      expect(stable(res.text), `${kind} unchanged`).toBe(before);
    }
  });

  it("never shows the other workspace's rows in lists and searches", async () => {
    const secrets = [...Object.values(ids), victim.email, "target@victim.example", "victim-secret-key"];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path.includes("{") || !methods.get) continue;
      for (const client of [stranger.api, stranger.client]) {
        const res = await client.get(`${path}?search=victim&listId=${ids["lead-lists"]}`);
        assertNoCrash(res, `GET ${path}`);
        for (const s of secrets) expect(res.text, `GET ${path} shows ${s}`).not.toContain(s);
      }
    }
  });

  it("refuses the other workspace's ids inside request bodies", async () => {
    const own = await stranger.api.post("/api/v1/campaigns", { name: "Stranger campaign" });
    const ownCampaign = (own.json() as { id: string }).id;
    const ownList = (
      (await stranger.api.post("/api/v1/lead-lists", { name: "Stranger list" })).json() as { id: string }
    ).id;
    const attempts = [
      stranger.api.post(`/api/v1/campaigns/${ownCampaign}/leads`, { leadIds: [ids.leads] }),
      stranger.api.post(`/api/v1/campaigns/${ownCampaign}/leads`, { listId: ids["lead-lists"] }),
      stranger.api.post(`/api/v1/lead-lists/${ownList}/leads`, { leadIds: [ids.leads] }),
      stranger.api.post("/api/v1/domains", {
        name: "stranger-outbound.example",
        dns: { mode: "managed", accountId: ids["provider-accounts"] },
      }),
    ];
    // a mailbox of another workspace as this workspace's mailer: not found, nothing chosen
    const mailer = await stranger.api.request("/api/v1/workspace/mailer", {
      method: "PUT",
      body: { mailboxId: ids.mailboxes },
    });
    assertNoCrash(mailer, "PUT /api/v1/workspace/mailer");
    expect(mailer.status, mailer.text).toBe(404);
    expect((await stranger.api.get("/api/v1/workspace/mailer")).json()).toMatchObject({ mailboxId: null });
    for (const res of await Promise.all(attempts)) {
      assertNoCrash(res, "body reference");
      // refused, or nothing of the other workspace's taken in
      if (res.status === 201) expect(res.json()).toMatchObject({ added: 0 });
      else expect([400, 404], res.text).toContain(res.status);
    }
    const preview = await stranger.api.get(`/api/v1/campaigns/${ownCampaign}/preview?leadId=${ids.leads}`);
    expect(preview.text).not.toContain("target@victim.example");
    const leads = await stranger.api.get(`/api/v1/campaigns/${ownCampaign}/leads`);
    expect(leads.text).not.toContain(ids.leads);
    const listLeads = await stranger.api.get(`/api/v1/lead-lists/${ownList}/leads`);
    expect(listLeads.text).not.toContain(ids.leads);
  });
});

/** A row's view without the fields that change by themselves (last use, health timers). */
function stable(text: string): string {
  const drop = new Set(["lastUsedAt", "updatedAt", "nextCheckAt", "lastCheckedAt"]);
  return JSON.stringify(JSON.parse(text), (k, v) => (drop.has(k) ? undefined : v));
}
