import { beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./client";
import { assertNoCrash, type Person, signUp, startSecurityApp } from "./people";

type LeadImport = {
  id: string;
  status: string;
  rowsProcessed: number;
  imported: number;
  failed: number;
  errors: { line: number; reason: string }[];
  error: string | null;
};

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string>, file: { name: string; content: Buffer | string }) {
  const boundary = `----coldframe${crypto.randomUUID().replaceAll("-", "")}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(client: Client, name: string, content: Buffer | string): Promise<LeadImport> {
  const { body, contentType } = multipart({ listName: name }, { name: `${name}.csv`, content });
  const res = await client.request("/api/v1/lead-imports", {
    method: "POST",
    body,
    headers: { "content-type": contentType },
  });
  assertNoCrash(res, `upload ${name}`);
  expect(res.status, res.text.slice(0, 500)).toBe(201);
  const { id } = res.json() as { id: string };
  for (;;) {
    const state = (await client.get(`/api/v1/lead-imports/${id}`)).json() as LeadImport;
    if (state.status === "completed" || state.status === "failed") return state;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const errorOf = (res: { text: string }) =>
  (JSON.parse(res.text) as { error: { code: string; message: string } }).error;

// the app under attack, shared by the tier's files (tests/security/app.ts)
beforeAll(startSecurityApp);

describe("bad input: a clear 4xx, never a 500, nothing half-written", () => {
  let person: Person;
  beforeAll(async () => {
    person = await signUp("input");
  });

  it("NUL bytes in ids, names, searches and bodies are refused with a message", async () => {
    const attempts = [
      person.api.post("/api/v1/leads", { email: "nul\u0000@example.com" }),
      person.api.post("/api/v1/leads", { email: "ok@example.com", firstName: "A\u0000B" }),
      person.api.post("/api/v1/lead-lists", { name: "list\u0000" }),
      person.api.post("/api/v1/campaigns", { name: "c\u0000" }),
      person.api.get("/api/v1/leads?search=%00"),
      person.api.get("/api/v1/leads?search=a%00b"),
      person.api.get("/api/v1/leads/%00"),
      person.api.get("/api/v1/campaigns/abc%00def"),
      person.api.post(`/api/v1/inbox/threads/${crypto.randomUUID()}/reply`, { text: "hello\u0000world" }),
      person.client.post("/api/v1/suppressions", { value: "x\u0000@example.com" }),
    ];
    for (const res of await Promise.all(attempts)) {
      assertNoCrash(res, "NUL");
      expect(res.status, res.text).toBe(400);
      expect(errorOf(res).message, res.text).toMatch(/\S/);
    }
    const leads = await person.api.get("/api/v1/leads");
    expect(leads.text).not.toContain("ok@example.com");
  });

  it("malformed percent-escapes in paths are a 400, on the API and the public pages", async () => {
    for (const path of [
      "/api/v1/leads/%ff",
      "/api/v1/campaigns/%E0%A4%A",
      "/api/v1/lead-lists/%",
      "/u/%ff",
      "/u/%",
      "/t/o/%ff",
      "/t/c/%ff",
      "/invite/%ff",
      "/campaigns/%ff",
    ]) {
      const res = await person.client.get(path);
      assertNoCrash(res, path);
      expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(400);
    }
  });

  it("unknown JSON fields are refused, as the OpenAPI document says", async () => {
    const res = await person.api.post("/api/v1/campaigns", { name: "Fine", bogusField: 1 });
    expect(res.status, res.text).toBe(400);
    expect(res.text).toContain("bogusField");
    const doc = (await person.api.get("/api/v1/openapi.json")).json() as {
      components: { schemas: Record<string, { additionalProperties?: boolean }> };
    };
    expect(doc.components.schemas.CreateCampaign?.additionalProperties).toBe(false);
    const nested = await person.api.post("/api/v1/mailboxes", {
      email: "x@example.com",
      smtp: { host: "127.0.0.2", port: 25, security: "none", password: "p", injected: true },
      imap: { host: "127.0.0.2", port: 143, security: "none" },
    });
    expect(nested.status, nested.text).toBe(400);
    expect(nested.text).toContain("injected");
  });

  it("a JSON body over the limit is 413 with a message, not a cut-off 'invalid JSON'", async () => {
    const huge = JSON.stringify({ email: "big@example.com", firstName: "x".repeat(11 * 1024 * 1024) });
    const res = await person.api.request("/api/v1/leads", {
      method: "POST",
      body: huge,
      headers: { "content-type": "application/json" },
    });
    assertNoCrash(res, "huge JSON");
    expect(res.status, res.text.slice(0, 300)).toBe(413);
    expect(errorOf(res).message).toMatch(/larger than|too large|limit/i);
  });

  it("uploads a CSV over 10 MB in one piece (the page promises 500 MB)", async () => {
    const rows = 16_000;
    const filler = "n".repeat(700);
    const lines = ["email,first_name,notes"];
    for (let i = 0; i < rows; i++) lines.push(`big${i}@upload.example,Big${i},${filler}`);
    const csv = `${lines.join("\n")}\n`;
    expect(csv.length).toBeGreaterThan(11 * 1024 * 1024);
    const result = await upload(person.api, "big", csv);
    expect(result.error).toBeNull();
    expect(result.status).toBe("completed");
    expect(result.imported).toBe(rows);
  });

  it("one oversized unquoted value is one error for one row, and custom fields keep the API's cap", async () => {
    const csv = [
      "email,first_name,notes",
      "first@csv.example,First,short",
      `second@csv.example,Second,${"v".repeat(3 * 1024 * 1024)}`,
      "third@csv.example,Third,short",
    ].join("\n");
    const result = await upload(person.api, "oversized", csv);
    expect(result.errors.length, JSON.stringify(result.errors).slice(0, 500)).toBe(1);
    expect(result.errors[0]!.line).toBe(3);
    expect(result.imported).toBe(2);

    // 5,000 columns would be 5,000 custom fields: refused at upload, saying how many fit
    const header = ["email", ...Array.from({ length: 5000 }, (_, i) => `c${i}`)].join(",");
    const row = ["wide@csv.example", ...Array.from({ length: 5000 }, (_, i) => `v${i}`)].join(",");
    const { body, contentType } = multipart(
      { listName: "wide" },
      { name: "wide.csv", content: `${header}\n${row}\n` },
    );
    const wide = await person.api.request("/api/v1/lead-imports", {
      method: "POST",
      body,
      headers: { "content-type": contentType },
    });
    assertNoCrash(wide, "wide import");
    expect(wide.status, wide.text).toBe(400);
    expect(errorOf(wide).message).toMatch(/at most 100/);
    const found = await person.api.get("/api/v1/leads?search=wide@csv.example");
    expect(found.text).not.toContain("wide@csv.example");
  });
});
