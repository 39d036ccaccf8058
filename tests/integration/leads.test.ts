import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, rm, stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/lib/config/env";
import { getDb, getPool } from "../../src/lib/db/client";
import { leadImports, leads } from "../../src/lib/db/schema";
import { AppError } from "../../src/lib/errors";
import { FIRST_CHUNK_ROWS } from "../../src/lib/leads/import-rows";
import { isSuppressed, suppressedEmails } from "../../src/lib/leads/is-suppressed";
import { MAX_UPLOAD_BYTES, receiveFileUpload } from "../../src/lib/leads/receive-upload";
import { resumeStalledImports } from "../../src/lib/leads/resume-stalled-imports";
import { importLockKey, runLeadImport } from "../../src/lib/leads/run-lead-import";
import { suppressLead } from "../../src/lib/leads/suppress-lead";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { type AppServer, startAppServer } from "./helpers/app-server";
import type { HttpClient } from "./helpers/http-client";
import {
  csv,
  type ImportView,
  importFile,
  type LeadView,
  postCsv,
  uploadCsv,
  waitForImport,
  writeLeadsCsv,
} from "./helpers/leads";
import { root } from "./helpers/run";
import { createKey, signUp } from "./helpers/users";

let app: AppServer;
let worker: RunningWorker;
let alice: Awaited<ReturnType<typeof signUp>>;
let bob: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  app = await startAppServer();
  worker = await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers });
  [alice, bob] = await Promise.all([signUp(app.url, { name: "Alice" }), signUp(app.url, { name: "Bob" })]);
});

afterAll(async () => {
  await worker?.stop(10_000).catch(() => {}); // the last test stops it early
  await app?.close();
  await rm(env().DATA_DIR, { recursive: true, force: true });
});

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return (body ? JSON.parse(body) : undefined) as T;
};
const leadByEmail = async (client: HttpClient, email: string) => {
  const page = await json<{ data: LeadView[] }>(
    await client.get(`/api/v1/leads?search=${encodeURIComponent(email)}`),
    200,
  );
  return page.data.find((l) => l.email === email);
};
const uploadsLeft = async () => readdir(path.join(env().DATA_DIR, "uploads")).catch(() => [] as string[]);

describe("CSV import", () => {
  it("imports the good rows of a CSV with broken ones and reports each bad row with its line and reason", async () => {
    const file = csv(
      "Email,First Name,Company,Industry", //                    line 1
      "ann@acme.test,Ann,Acme,Software", //                       2 good
      "not-an-email,Bob,Bobco,Retail", //                         3 invalid email
      ",Carl,Carlco,Retail", //                                   4 missing email
      "ANN@acme.test,Annie,Acme Two,Other", //                    5 duplicate of line 2
      "dora@delta.test,Dora,Delta", //                            6 a column short
      '"eve@echo.test","Eve","Echo', //                           7 good, a value over two lines
      'Media Group","Media"', //                                  8
      "", //                                                      9 empty line: skipped silently
      'frank@fox.test,Frank,Fox,"Fin, Tech"', //                 10 good
      "gina@golf.test,Gina,Golf,Sports,extra", //                11 a column too many
    );
    const started = await uploadCsv(alice.client, file, { filename: "broken.csv" });
    expect(started).toMatchObject({
      status: "pending",
      filename: "broken.csv",
      fileBytes: Buffer.byteLength(file),
    });
    const done = await waitForImport(alice.client, started.id);

    expect(done).toMatchObject({
      status: "completed",
      progress: 1,
      rowsProcessed: 8,
      imported: 3,
      updated: 0,
      duplicates: 1,
      failed: 4,
      error: null,
    });
    expect(done.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, expect.stringMatching(/^invalid email "not-an-email": no @/)],
      [4, "missing email"],
      [5, expect.stringMatching(/^duplicate: ann@acme\.test is already on line 2/)],
      [6, expect.stringMatching(/^expected 4 columns, found 3/)],
      [11, expect.stringMatching(/^expected 4 columns, found 5/)],
    ]);
    const eve = await leadByEmail(alice.client, "eve@echo.test");
    expect(eve).toMatchObject({
      firstName: "Eve",
      company: "Echo\nMedia Group",
      customFields: { Industry: "Media" },
    });
    const ann = await leadByEmail(alice.client, "ann@acme.test");
    expect(ann).toMatchObject({ firstName: "Ann", company: "Acme", customFields: { Industry: "Software" } });
    expect((await leadByEmail(alice.client, "frank@fox.test"))?.customFields).toEqual({
      Industry: "Fin, Tech",
    });
    expect(await uploadsLeft()).toEqual([]); // the file goes once imported
  });

  it("merges into leads the workspace already has instead of duplicating them", async () => {
    const existing = await json<LeadView>(
      await alice.client.post("/api/v1/leads", {
        email: "Merge.Me@Kilo.test",
        title: "CEO",
        customFields: { Tier: "A" },
      }),
      201,
    );
    expect(existing.email).toBe("merge.me@kilo.test");
    const done = await importFile(
      alice.client,
      csv(
        "email,first_name,title,tier,city",
        "merge.me@kilo.test,Mia,,,Oslo",
        "new.one@kilo.test,Nat,CTO,B,Rome",
      ),
    );
    expect(done).toMatchObject({ status: "completed", imported: 1, updated: 1, failed: 0 });
    const merged = await json<LeadView>(await alice.client.get(`/api/v1/leads/${existing.id}`), 200);
    // a blank cell never erases a value; custom fields merge key by key
    expect(merged).toMatchObject({
      firstName: "Mia",
      title: "CEO",
      customFields: { Tier: "A", city: "Oslo" },
    });
    const [{ n }] = (
      await getPool().query("select count(*)::int as n from leads where email = $1", ["merge.me@kilo.test"])
    ).rows as [{ n: number }];
    expect(n).toBe(1);
  });

  it("reads `;` files with a BOM and CRLF, applies an edited mapping, and fills a new list", async () => {
    const file = `\uFEFF${["E-mail;Vorname;Firma;Notiz;Stadt", "uwe@berlin.test;Uwe;Uhu GmbH;intern;Berlin", "vera@bonn.test;Vera;Vau AG;;Bonn"].join("\r\n")}\r\n`;
    const preview = await json<{
      delimiter: string;
      headers: string[];
      mapping: Record<string, string>;
      rows: string[][];
    }>(await postCsv(alice.client, file, { path: "/api/v1/lead-imports/preview" }), 200);
    expect(preview).toMatchObject({
      delimiter: ";",
      headers: ["E-mail", "Vorname", "Firma", "Notiz", "Stadt"],
      mapping: { "E-mail": "email", Vorname: "custom:Vorname", Firma: "custom:Firma", Notiz: "custom:Notiz" },
      rows: [
        ["uwe@berlin.test", "Uwe", "Uhu GmbH", "intern", "Berlin"],
        ["vera@bonn.test", "Vera", "Vau AG", "", "Bonn"],
      ],
    });
    const mapping = { Vorname: "firstName", Firma: "company", Notiz: "ignore", Stadt: "custom:City" };
    const done = await importFile(alice.client, file, {
      listName: "Germany",
      mapping: JSON.stringify(mapping),
    });
    expect(done).toMatchObject({
      status: "completed",
      imported: 2,
      failed: 0,
      mapping: { "E-mail": "email", ...mapping },
    });
    const uwe = await leadByEmail(alice.client, "uwe@berlin.test");
    expect(uwe).toMatchObject({ firstName: "Uwe", company: "Uhu GmbH", customFields: { City: "Berlin" } });
    const lists = await json<{ data: { id: string; name: string; leadCount: number }[] }>(
      await alice.client.get("/api/v1/lead-lists"),
      200,
    );
    const germany = lists.data.find((l) => l.name === "Germany");
    expect(germany?.leadCount).toBe(2);
    expect(done.listId).toBe(germany?.id);
    const onList = await json<{ total: number }>(
      await alice.client.get(`/api/v1/lead-lists/${germany!.id}/leads`),
      200,
    );
    expect(onList.total).toBe(2);
  });

  it("refuses a file it cannot import with a 400 that says why, and leaves nothing behind", async () => {
    const before = (await getDb().select().from(leadImports)).length;
    const noEmail = await postCsv(alice.client, csv("name,company", "Ann,Acme"));
    expect(noEmail.status).toBe(400);
    expect(((await noEmail.json()) as { error: { message: string } }).error.message).toMatch(
      /no column is mapped to email/,
    );
    const badMapping = await postCsv(alice.client, csv("email,x", "a@b.test,1"), {
      mapping: '{"x": "shoeSize"}',
    });
    expect(badMapping.status).toBe(400);
    expect(((await badMapping.json()) as { error: { message: string } }).error.message).toMatch(
      /"x": "shoeSize" is not a lead field/,
    );
    const notJson = await postCsv(alice.client, csv("email", "a@b.test"), { mapping: "{nope" });
    expect(notJson.status).toBe(400);
    const empty = await postCsv(alice.client, "");
    expect(empty.status).toBe(400);
    const binary = await postCsv(alice.client, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]));
    expect(await binary.text()).toMatch(/not a CSV file/);
    const notMultipart = await alice.client.post("/api/v1/lead-imports", { file: "email\na@b.test" });
    expect(notMultipart.status).toBe(400);
    expect(await notMultipart.text()).toMatch(/multipart\/form-data/);
    expect((await getDb().select().from(leadImports)).length).toBe(before);
    expect(await uploadsLeft()).toEqual([]);
  });

  it("answers 413 past the upload limit, before reading a body whose length says so, and keeps nothing", async () => {
    const before = (await getDb().select().from(leadImports)).length;
    const { key } = await createKey(alice.client);
    // an honest Content-Length over 500 MB: refused from the headers alone, no body sent
    const declared = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${app.url}/api/v1/lead-imports`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(MAX_UPLOAD_BYTES + 10 * 1024 * 1024),
        },
      });
      req.on("response", async (res) => {
        let body = "";
        for await (const c of res) body += c;
        resolve({ status: res.statusCode!, body });
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({
      error: {
        code: "payload_too_large",
        message: "the file is larger than 500 MB: split it into smaller files",
      },
    });
    // a body streamed without a length (chunked) is cut at the limit as it arrives
    const limit = 1024 * 1024;
    const parts = (async function* () {
      yield Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n');
      yield Buffer.from("email\n");
      for (let i = 0; i < 40; i++) yield Buffer.from(`${"a".repeat(64 * 1024 - 20)}@example.test\n`);
      yield Buffer.from("\r\n--x--\r\n");
    })();
    const dest = path.join(env().DATA_DIR, "uploads", "cut.csv");
    const chunked = new Request("http://app.test/api/v1/lead-imports", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: Readable.toWeb(Readable.from(parts)) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    const refused = await receiveFileUpload(chunked, dest, limit).catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "payload_too_large", status: 413 });
    expect(await uploadsLeft()).toEqual([]);
    expect((await getDb().select().from(leadImports)).length).toBe(before);
  });

  it("accepts a CSV over 10 MB streamed through the route (the size a body-buffering proxy cut)", async () => {
    const file = await writeLeadsCsv(path.join(env().DATA_DIR, "eleven-mb.csv"), 16_000, {
      prefix: "eleven",
      notes: 720,
    });
    const bytes = (await stat(file.path)).size;
    expect(bytes).toBeGreaterThan(11 * 1024 * 1024);
    const started = await uploadCsv(alice.client, file, { filename: "eleven-mb.csv" });
    expect(started.fileBytes).toBe(bytes);
    const done = await waitForImport(alice.client, started.id, { timeoutMs: 55_000 });
    expect(done).toMatchObject({ status: "completed", rowsProcessed: 16_000, imported: 16_000, failed: 0 });
  });

  it("finds duplicates within the file across chunk boundaries, and merges a lead the workspace has", async () => {
    // rows are written in chunks of FIRST_CHUNK_ROWS, then twice that, …: b1 and b2 end the first two
    const b1 = FIRST_CHUNK_ROWS;
    const b2 = 3 * FIRST_CHUNK_ROWS;
    const rows = b2 + 900;
    await json(
      await alice.client.post("/api/v1/leads", { email: "cross-known@example.test", title: "CTO" }),
      201,
    );
    const emailOf = (i: number) =>
      ({
        [b1 - 10]: "cross20@example.test", //          within the first chunk
        [b1 + 1]: "CROSS100@example.test", //          across the first boundary
        [b2 + 1]: `cross${b2}@example.test`, //       the last row of a chunk, repeated first in the next
        [b2 + 300]: "cross100@example.test", //        two chunks later
        [b2 + 400]: "cross-known@example.test", //     a lead the workspace has: merged, not a duplicate
        [b2 + 500]: "cross-nowhere", //                 bad
      })[i];
    const file = await writeLeadsCsv(path.join(env().DATA_DIR, "cross.csv"), rows, {
      prefix: "cross",
      emailOf,
    });
    const done = await importFile(alice.client, file, { listName: "Cross" });
    expect(done).toMatchObject({
      status: "completed",
      rowsProcessed: rows,
      imported: rows - 6,
      updated: 1,
      duplicates: 4,
      failed: 1,
    });
    const dup = (line: number, email: string, first: number) => [
      line,
      `duplicate: ${email} is already on line ${first} of this file (the first one is imported)`,
    ];
    expect(done.errors.map((e) => [e.line, e.reason])).toEqual([
      dup(b1 - 9, "cross20@example.test", 21),
      dup(b1 + 2, "cross100@example.test", 101),
      dup(b2 + 2, `cross${b2}@example.test`, b2 + 1),
      dup(b2 + 301, "cross100@example.test", 101),
      [b2 + 501, expect.stringMatching(/^invalid email "cross-nowhere"/)],
    ]);
    expect(await leadCount("cross")).toBe(rows - 5);
    expect((await leadByEmail(alice.client, "cross-known@example.test"))?.title).toBe("CTO");
    const lists = await json<{ data: { name: string; leadCount: number }[] }>(
      await alice.client.get("/api/v1/lead-lists"),
      200,
    );
    // every lead the file names is on the list once: the new ones and the merged one
    expect(lists.data.find((l) => l.name === "Cross")?.leadCount).toBe(rows - 5);
  });

  it("shows progress while it runs and reaches completed", async () => {
    const file = await writeLeadsCsv(path.join(env().DATA_DIR, "progress.csv"), 6_000, { prefix: "prog" });
    const started = await uploadCsv(alice.client, file, { filename: "progress.csv" });
    const seen: ImportView[] = [];
    const done = await waitForImport(alice.client, started.id, {
      onPoll: (v) => seen.push(v),
      intervalMs: 20,
    });
    expect(done).toMatchObject({ status: "completed", imported: 6_000, rowsProcessed: 6_000, progress: 1 });
    const running = seen.filter((v) => v.status === "running");
    expect(running.length).toBeGreaterThan(0);
    const counts = seen.map((v) => v.rowsProcessed);
    expect(counts).toEqual([...counts].sort((a, b) => a - b)); // never goes backwards
    expect(seen.some((v) => v.rowsProcessed > 0 && v.rowsProcessed < 6_000)).toBe(true);
  });
});

describe("import jobs are safe to retry and to run on two workers", () => {
  /** An import row with its file in place but no job: the test runs the job body itself. */
  async function pendingImport(
    rows: number,
    prefix: string,
    checkpoint: Partial<typeof leadImports.$inferInsert> = {},
    emailOf?: (i: number) => string | undefined,
  ) {
    const id = crypto.randomUUID();
    const uploads = path.join(env().DATA_DIR, "uploads");
    await mkdir(uploads, { recursive: true });
    const { path: source } = await writeLeadsCsv(path.join(env().DATA_DIR, `${id}.src.csv`), rows, {
      prefix,
      emailOf,
    });
    await copyFile(source, path.join(uploads, `${id}.csv`));
    const { size } = await stat(source);
    await getDb()
      .insert(leadImports)
      .values({
        id,
        workspaceId: alice.workspaceId,
        filename: "x.csv",
        filePath: `uploads/${id}.csv`,
        fileBytes: size,
        mapping: { email: "email", first_name: "firstName", company: "company", segment: "custom:segment" },
        ...checkpoint,
      });
    return id;
  }
  const row = async (id: string) =>
    (await getDb().select().from(leadImports).where(eq(leadImports.id, id)))[0]!;

  it("a second worker leaves an import that is running alone; a finished import is not run again", async () => {
    const id = await pendingImport(3_000, "twice");
    const [a, b] = await Promise.all([
      runLeadImport(getPool(), { importId: id }),
      // a moment later, so the first has taken the import's lock (either order is asserted below)
      sleep(5).then(() => runLeadImport(getPool(), { importId: id })),
    ]);
    expect([a.status, b.status].sort()).toEqual(["completed", "skipped"]);
    expect(await row(id)).toMatchObject({ status: "completed", imported: 3_000, rowsProcessed: 3_000 });
    expect(await runLeadImport(getPool(), { importId: id })).toMatchObject({ status: "skipped" });
    expect(await leadCount("twice")).toBe(3_000);
  });

  it("a retry continues after the last committed batch", async () => {
    // as if an earlier attempt committed the first 1,000 rows (counted) and then died
    const id = await pendingImport(2_500, "resume", {
      status: "running",
      rowsProcessed: 1_000,
      imported: 1_000,
    });
    const result = await runLeadImport(getPool(), { importId: id });
    expect(result).toMatchObject({ status: "completed", rowsProcessed: 2_500, imported: 2_500 });
    expect(await leadCount("resume")).toBe(1_500); // rows before the checkpoint were not written again
  });

  it("a run killed mid-import (its connection terminated) resumes from its checkpoint: no row lost, none counted twice", async () => {
    const rows = 40_000;
    // row 30,000 repeats row 10 (committed before the crash), row 30,500 repeats row 30,400
    // (after it); row 50 is bad. Row i is on line i + 1.
    const emailOf = (i: number) =>
      i === 30_000
        ? "crash10@example.test"
        : i === 30_500
          ? "crash30400@example.test"
          : i === 50
            ? "crash-50-at-nowhere"
            : undefined;
    const id = await pendingImport(rows, "crash", {}, emailOf);
    const first = runLeadImport(getPool(), { importId: id });
    const failedRun = first.then(
      () => "completed",
      (err: Error) => err.message,
    );
    // wait for a checkpoint part-way, then kill the session that runs it (as a dying worker would)
    const deadline = Date.now() + 60_000;
    while ((await row(id)).rowsProcessed < 1_500) {
      if (Date.now() > deadline) throw new Error("the import made no progress");
      await sleep(5);
    }
    const { rowCount } = await getPool().query(
      `select pg_terminate_backend(pid) from pg_locks
       where locktype = 'advisory' and granted
         and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [importLockKey(id)],
    );
    expect(rowCount).toBe(1);
    expect(await failedRun).toMatch(/terminat|connection/i);
    const crashed = await row(id);
    expect(crashed.status).toBe("running");
    expect(crashed.rowsProcessed).toBeGreaterThanOrEqual(1_500);
    expect(crashed.rowsProcessed).toBeLessThan(rows);
    // the checkpoint is exact: the leads written are the rows it counts, no more
    expect(await leadCount("crash")).toBe(crashed.imported);
    expect(crashed.imported + crashed.failed + crashed.duplicates).toBe(crashed.rowsProcessed);

    const result = await runLeadImport(getPool(), { importId: id });
    expect(result).toMatchObject({
      status: "completed",
      rowsProcessed: rows,
      imported: rows - 3,
      updated: 0,
      duplicates: 2,
      failed: 1,
    });
    expect(await leadCount("crash")).toBe(rows - 3);
    expect((await row(id)).errors.map((e) => [e.line, e.reason])).toEqual([
      [51, expect.stringMatching(/^invalid email "crash-50-at-nowhere"/)],
      [
        30_001,
        "duplicate: crash10@example.test is already on line 11 of this file (the first one is imported)",
      ],
      [
        30_501,
        "duplicate: crash30400@example.test is already on line 30401 of this file (the first one is imported)",
      ],
    ]);
  }, 120_000);

  it("an import whose job was lost is queued again by the stalled-import sweep; one still running is left alone", async () => {
    const old = { status: "running" as const, createdAt: new Date(Date.now() - 10 * 60_000) };
    const lost = await pendingImport(700, "lost", old);
    const busy = await pendingImport(10, "busy", old);
    const holder = await getPool().connect(); // plays the worker that is running `busy`
    try {
      await holder.query("select pg_advisory_lock(hashtextextended($1, 0))", [importLockKey(busy)]);
      expect(await resumeStalledImports(getDb())).toEqual({ resumed: 1 });
      const done = await waitForImport(alice.client, lost);
      expect(done).toMatchObject({ status: "completed", imported: 700 });
      expect((await row(busy)).status).toBe("running");
    } finally {
      holder.release(true);
    }
  });

  it("fails at once, with the reason, when the file is gone", async () => {
    const id = await pendingImport(10, "gone");
    await rm(path.join(env().DATA_DIR, "uploads", `${id}.csv`));
    expect(await runLeadImport(getPool(), { importId: id })).toMatchObject({ status: "failed" });
    expect((await row(id)).error).toMatch(/upload it again/);
  });
});

describe("leads API", () => {
  it("creates, finds, edits and deletes leads, with clear errors", async () => {
    const created = await json<LeadView>(
      await alice.client.post("/api/v1/leads", {
        email: " Zed@Zulu.test ",
        firstName: "Zed",
        company: "Zulu",
      }),
      201,
    );
    expect(created).toMatchObject({ email: "zed@zulu.test", status: "active" });
    const dup = await alice.client.post("/api/v1/leads", { email: "zed@zulu.test" });
    expect(dup.status).toBe(409);
    const bad = await alice.client.post("/api/v1/leads", { email: "zed@" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/no domain after the @/);

    const found = await json<{ data: LeadView[]; total: number }>(
      await alice.client.get("/api/v1/leads?search=zulu"),
      200,
    );
    expect(found.data.map((l) => l.email)).toEqual(["zed@zulu.test"]);
    const patched = await json<LeadView>(
      await alice.client.request(`/api/v1/leads/${created.id}`, { method: "PATCH", json: { title: "Boss" } }),
      200,
    );
    expect(patched).toMatchObject({ title: "Boss", firstName: "Zed" });
    const page = await json<{ data: LeadView[]; total: number; pageSize: number }>(
      await alice.client.get("/api/v1/leads?pageSize=2&page=2"),
      200,
    );
    expect(page.data.length).toBe(2);
    expect(page.pageSize).toBe(2);
    expect((await alice.client.request(`/api/v1/leads/${created.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await alice.client.get(`/api/v1/leads/${created.id}`)).status).toBe(404);
  });

  it("answers 404 for another workspace's leads, lists, imports and suppressions", async () => {
    const lead = await json<LeadView>(
      await alice.client.post("/api/v1/leads", { email: "private@alice.test" }),
      201,
    );
    const list = await json<{ id: string }>(
      await alice.client.post("/api/v1/lead-lists", { name: "Alice's" }),
      201,
    );
    const done = await importFile(alice.client, csv("email", "p2@alice.test"));
    const sup = await json<{ suppression: { id: string } }>(
      await alice.client.post("/api/v1/suppressions", { value: "nope@alice.test" }),
      201,
    );
    const b = bob.client;
    for (const res of [
      await b.get(`/api/v1/leads/${lead.id}`),
      await b.request(`/api/v1/leads/${lead.id}`, { method: "PATCH", json: { firstName: "Mallory" } }),
      await b.request(`/api/v1/leads/${lead.id}`, { method: "DELETE" }),
      await b.get(`/api/v1/lead-lists/${list.id}`),
      await b.get(`/api/v1/lead-lists/${list.id}/leads`),
      await b.post(`/api/v1/lead-lists/${list.id}/leads`, { leadIds: [lead.id] }),
      await b.request(`/api/v1/lead-lists/${list.id}`, { method: "DELETE" }),
      await b.get(`/api/v1/lead-imports/${done.id}`),
      await b.request(`/api/v1/suppressions/${sup.suppression.id}`, { method: "DELETE" }),
      await postCsv(b, csv("email", "x@y.test"), { listId: list.id }),
    ]) {
      expect(res.status).toBe(404);
    }
    // Bob's own list cannot take Alice's lead either: it is silently not there
    const bobList = await json<{ id: string }>(await b.post("/api/v1/lead-lists", { name: "Bob's" }), 201);
    expect(
      await json(await b.post(`/api/v1/lead-lists/${bobList.id}/leads`, { leadIds: [lead.id] }), 201),
    ).toEqual({
      added: 0,
    });
    expect((await json<{ total: number }>(await b.get("/api/v1/leads?search=alice.test"), 200)).total).toBe(
      0,
    );
    expect((await getDb().select().from(leads).where(eq(leads.id, lead.id)))[0]?.firstName).toBeNull();
  });

  it("adds leads to lists and takes them off", async () => {
    const l1 = await json<LeadView>(
      await alice.client.post("/api/v1/leads", { email: "list1@lima.test" }),
      201,
    );
    const l2 = await json<LeadView>(
      await alice.client.post("/api/v1/leads", { email: "list2@lima.test" }),
      201,
    );
    const list = await json<{ id: string }>(
      await alice.client.post("/api/v1/lead-lists", { name: "Lima" }),
      201,
    );
    const path_ = `/api/v1/lead-lists/${list.id}/leads`;
    expect(await json(await alice.client.post(path_, { leadIds: [l1.id, l2.id] }), 201)).toEqual({
      added: 2,
    });
    expect(await json(await alice.client.post(path_, { leadIds: [l1.id] }), 201)).toEqual({ added: 0 });
    expect(
      await json(await alice.client.request(path_, { method: "DELETE", json: { leadIds: [l1.id] } }), 200),
    ).toEqual({ removed: 1 });
    expect(await json(await alice.client.get(`/api/v1/lead-lists/${list.id}`), 200)).toMatchObject({
      leadCount: 1,
    });
    expect((await alice.client.request(`/api/v1/lead-lists/${list.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await alice.client.get(`/api/v1/leads/${l2.id}`)).status).toBe(200); // leads outlive their list
  });
});

describe("suppression list", () => {
  it("suppresses by email and by domain (with subdomains); isSuppressed and the batch form agree", async () => {
    const ws = alice.workspaceId;
    const db = getDb();
    const add = (body: object) => alice.client.post("/api/v1/suppressions", body);
    const byEmail = await json<{ suppression: { kind: string; value: string }; created: boolean }>(
      await add({ value: "Stop@Quiet.test", reason: "unsubscribed" }),
      201,
    );
    expect(byEmail).toMatchObject({
      created: true,
      suppression: { kind: "email", value: "stop@quiet.test" },
    });
    const again = await json<{ created: boolean }>(await add({ value: "stop@quiet.test" }), 201);
    expect(again.created).toBe(false);
    const byDomain = await json<{ suppression: { id: string; kind: string; value: string } }>(
      await add({ value: "@Blocked-Corp.test", reason: "blocked" }),
      201,
    );
    expect(byDomain.suppression).toMatchObject({ kind: "domain", value: "blocked-corp.test" });
    const bad = await add({ value: "not a domain" });
    expect(bad.status).toBe(400);

    expect(await isSuppressed(db, ws, "stop@quiet.test")).toBe(true);
    expect(await isSuppressed(db, ws, "STOP@quiet.test")).toBe(true);
    expect(await isSuppressed(db, ws, "other@quiet.test")).toBe(false);
    expect(await isSuppressed(db, ws, "anyone@blocked-corp.test")).toBe(true);
    expect(await isSuppressed(db, ws, "anyone@eu.blocked-corp.test")).toBe(true);
    expect(await isSuppressed(db, ws, "anyone@notblocked-corp.test")).toBe(false);
    expect(await isSuppressed(db, bob.workspaceId, "stop@quiet.test")).toBe(false); // per workspace
    const batch = await suppressedEmails(db, ws, ["ok@fine.test", "stop@quiet.test", "x@blocked-corp.test"]);
    expect([...batch].sort()).toEqual(["stop@quiet.test", "x@blocked-corp.test"]);

    const listed = await json<{ data: { value: string }[]; total: number }>(
      await alice.client.get("/api/v1/suppressions?kind=domain"),
      200,
    );
    expect(listed.data.map((s) => s.value)).toContain("blocked-corp.test");
    expect(
      (await alice.client.request(`/api/v1/suppressions/${byDomain.suppression.id}`, { method: "DELETE" }))
        .status,
    ).toBe(204);
    expect(await isSuppressed(db, ws, "anyone@blocked-corp.test")).toBe(false);
  });

  it("suppressLead suppresses the address and marks the lead, idempotently", async () => {
    const lead = await json<LeadView>(
      await alice.client.post("/api/v1/leads", { email: "bouncy@mike.test" }),
      201,
    );
    const args = {
      workspaceId: alice.workspaceId,
      email: "Bouncy@Mike.test",
      reason: "bounced" as const,
      source: "smtp",
    };
    const first = await suppressLead(getDb(), args);
    expect(first).toMatchObject({ created: true, leadIds: [lead.id] });
    expect((await suppressLead(getDb(), args)).created).toBe(false);
    expect(await json(await alice.client.get(`/api/v1/leads/${lead.id}`), 200)).toMatchObject({
      status: "bounced",
    });
    expect(await isSuppressed(getDb(), alice.workspaceId, "bouncy@mike.test")).toBe(true);
    const filtered = await json<{ data: LeadView[] }>(
      await alice.client.get("/api/v1/leads?status=bounced"),
      200,
    );
    expect(filtered.data.map((l) => l.email)).toEqual(["bouncy@mike.test"]);
  });
});

describe("a 100,000-row import", () => {
  it("streams through a worker process: every row counted, the worker's memory bounded", async () => {
    // The in-process worker steps aside so a real worker process (as `npm run worker` starts it)
    // takes the job, and its memory is measured alone.
    await worker.stop(10_000);
    const child = await startWorkerProcess();
    try {
      const rows = 100_000;
      // ~65 MB: a worker that read the whole file, or kept its rows, would go far past the bound
      const file = await writeLeadsCsv(path.join(env().DATA_DIR, "big.csv"), rows, {
        prefix: "big",
        badEvery: 1_000,
        notes: 600,
      });
      const baseline = rssMb(child.pid!);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 20);
      const t0 = Date.now();
      const started = await uploadCsv(alice.client, file, { filename: "big.csv" });
      const uploaded = Date.now();
      let runningAt = 0;
      const done = await waitForImport(alice.client, started.id, {
        timeoutMs: 55_000,
        intervalMs: 50,
        onPoll: (v) => (runningAt ||= v.status === "running" ? Date.now() : 0),
      });
      const finished = Date.now();
      clearInterval(sampler);
      const bad = rows / 1_000;
      expect(done).toMatchObject({
        status: "completed",
        rowsProcessed: rows,
        imported: rows - bad,
        failed: bad,
      });
      expect(done.errors.length).toBe(bad);
      expect(await leadCount("big")).toBe(rows - bad);
      const seconds = (finished - (runningAt || uploaded)) / 1000;
      console.log(
        `100k import: ${(started.fileBytes / 1024 / 1024).toFixed(1)} MB uploaded in ${((uploaded - t0) / 1000).toFixed(1)} s; ` +
          `imported in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s); ` +
          `worker RSS ${baseline.toFixed(0)} MB at rest, peak +${(peak - baseline).toFixed(1)} MB`,
      );
      expect(peak - baseline).toBeLessThan(150);
    } finally {
      await stopProcess(child);
    }
  }, 90_000);
});

const leadCount = async (prefix: string) =>
  (
    (await getPool().query("select count(*)::int as n from leads where email like $1", [`${prefix}%`]))
      .rows[0] as {
      n: number;
    }
  ).n;

/** The resident memory of a process, from /proc (Linux). */
const rssMb = (pid: number) =>
  Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)![1]) / 1024;

/** src/worker.ts under Node 24 itself (not through the tsx wrapper), so its pid is the worker's. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", "src/worker.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", WORKER_CONCURRENCY: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await until("the worker ready", () => out.includes('"msg":"worker ready"') || child.exitCode !== null, {
    timeoutMs: 30_000,
    detail: () => out,
  }).catch((err) => {
    child.kill("SIGKILL"); // never leave a worker behind on a test database
    throw err;
  });
  if (child.exitCode !== null) throw new Error(`the worker did not start:\n${out}`);
  return child;
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
