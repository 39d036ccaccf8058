import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { createPersonalWorkspace } from "@/lib/auth/personal-workspace";
import { env } from "@/lib/config/env";
import { getDb, getPool } from "@/lib/db/client";
import { leadImports, users } from "@/lib/db/schema";
import { resolveMapping } from "@/lib/leads/column-mapping";
import type { LeadImportRun } from "@/lib/leads/run-lead-import";
import { WORKER_NODE_FLAGS } from "@/lib/system/worker-node-flags";
import { interleave, median, round2, thousands } from "../lib/measure";
import type { Scenario } from "../lib/scenario";

const CHILD = path.join(import.meta.dirname, "csv-import.child.ts");
const HEADER = [
  "email",
  "first_name",
  "last_name",
  "company",
  "title",
  "phone",
  "website",
  "city",
  "industry",
];
const DUPLICATE_EVERY = 50; // this row repeats the email of a row 1,001 lines up (2%)
const BAD_EVERY = 200; // an address without a domain (0.5%)
const EXISTING_EVERY = 20; // the workspace already has this lead (5%): merged, not inserted

/**
 * The lead import (the `leads.import` job body: parse, validate, dedupe within the file and
 * against the workspace's leads, upsert, list membership, counters) against PostgreSQL's COPY of
 * the same file into a table indexed as leads is (no validation, no dedupe, no merge): rows a
 * second, and the peak RSS of this process while ours runs.
 */
export const csvImport: Scenario = {
  name: "csv-import",
  description: "CSV lead import (the import job) vs COPY of the same file into an indexed table",
  async run(ctx) {
    const rows = ctx.quick ? 50_000 : 1_000_000;
    const rounds = 2;
    const db = getDb();
    const pool = getPool();
    const file = path.join(ctx.dir, "leads.csv");
    await writeCsv(file, rows);
    const { size } = await stat(file);
    ctx.log(`${thousands(rows)} rows, ${(size / 1024 / 1024).toFixed(0)} MB`);

    const userId = crypto.randomUUID();
    await db.insert(users).values({ id: userId, name: "Bench", email: "bench@example.test" });
    const ws = await createPersonalWorkspace(db, { userId, userName: "Bench", email: "bench@example.test" });
    const mapping = resolveMapping(HEADER, undefined);
    // The floor's table is shaped and indexed as leads is (a text id, the workspace, an index on
    // its emails), so the floor pays what any path into leads must; not unique, as COPY cannot
    // skip the file's duplicates. A bare table without indexes is timed once for the notes.
    const columns = HEADER.map((h) => `${h} text`).join(", ");
    await pool.query(`create table leads_bare_table (${columns})`);
    await pool.query(
      `create table leads_floor_table (id text primary key default gen_random_uuid()::text,
       workspace_id text not null default '${ws.id}' references workspaces (id), ${columns})`,
    );
    await pool.query("create index on leads_floor_table (workspace_id, email)");
    const copyFile_ = async (table: string) => {
      const client = await pool.connect();
      try {
        const start = performance.now();
        const copy = client.query(
          copyFrom(`copy ${table} (${HEADER.join(", ")}) from stdin with (format csv, header true)`),
        );
        await pipeline(createReadStream(file), copy);
        return { ms: performance.now() - start };
      } finally {
        client.release();
      }
    };
    const uploads = path.join(env().DATA_DIR, "uploads");
    await mkdir(uploads, { recursive: true });

    const r = await interleave(
      rounds,
      async () => {
        await pool.query("truncate leads_floor_table");
        return copyFile_("leads_floor_table");
      },
      async () => {
        await pool.query("truncate leads, lead_list_members cascade");
        // leads the workspace already has: set-based, in seconds
        await pool.query(
          `insert into leads (id, workspace_id, email, title)
           select gen_random_uuid()::text, $1, 'lead' || i || '@example-' || (i % 5000) || '.test', 'Existing'
           from generate_series(${EXISTING_EVERY}, $2::int, ${EXISTING_EVERY}) as i`,
          [ws.id, rows],
        );
        const id = crypto.randomUUID();
        await copyFile(file, path.join(uploads, `${id}.csv`));
        await db.insert(leadImports).values({
          id,
          workspaceId: ws.id,
          listId: null, // the import dialog's default ("No list"); see the notes for a list
          filename: "leads.csv",
          filePath: `uploads/${id}.csv`,
          fileBytes: size,
          mapping,
        });
        const { ms, baselineRssMb, peakRssMb, value } = await runInChild(id);
        if (value.status !== "completed" || value.rowsProcessed !== rows)
          throw new Error(`the import did not complete: ${JSON.stringify(value)}`);
        ctx.log(`import process: RSS ${baselineRssMb} MB before the import, peak ${peakRssMb} MB`);
        return { ms, peakRssMb, baselineRssMb, counters: value };
      },
    );
    const bare = await copyFile_("leads_bare_table");
    const bareRate = Math.round(rows / (bare.ms / 1000));
    const floorMs = median(r.floor.map((x) => x.ms));
    const oursMs = median(r.ours.map((x) => x.ms));
    const peakRssMb = Math.max(...r.ours.map((x) => x.peakRssMb));
    const ours = Math.round(rows / (oursMs / 1000));
    const floor = Math.round(rows / (floorMs / 1000));
    const ratio = round2(ours / floor);
    const c = r.ours.at(-1)!.counters;
    return {
      name: "csv-import",
      scale: `${thousands(rows)} rows (${(size / 1024 / 1024).toFixed(0)} MB; 2% duplicates, 0.5% bad, 5% existing leads)`,
      ours: { label: "lead import job", perSecond: ours, wallMs: Math.round(oursMs), peakRssMb },
      floor: { label: "COPY into an indexed table", perSecond: floor, wallMs: Math.round(floorMs) },
      ratioKind: "throughput",
      ratio,
      target: "≥ 0.3 of COPY, peak RSS < 300 MB",
      met: ratio >= 0.3 && peakRssMb < 300,
      notes: [
        `last round: ${thousands(c.imported)} imported, ${thousands(c.updated)} merged, ${thousands(c.duplicates)} duplicates, ${thousands(c.failed)} failed`,
        `COPY into a table of text columns without any index: ${thousands(bareRate)} rows/s (ours ${round2(ours / bareRate)} of it)`,
        "into a list, each row also gets a membership row and three foreign-key checks (PostgreSQL runs one trigger query per row and key): about half the rows/s, in CPU profiles and EXPLAIN ANALYZE",
        `peak RSS is that of a fresh Node process running only the import job, as a worker does (its high-water mark, VmHWM), of which ${Math.max(...r.ours.map((x) => x.baselineRssMb))} MB is the process with the app's modules loaded, before the import starts`,
      ],
    };
  },
};

type ChildResult = {
  ms: number;
  baselineRssMb: number;
  peakRssMb: number;
  value: LeadImportRun;
};

/**
 * The import job in its own process (csv-import.child.ts) with a worker's Node flags, so the RSS
 * measured is the import's as a worker runs it.
 */
async function runInChild(importId: string): Promise<ChildResult> {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", CHILD, importId], {
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const [code] = (await once(child, "exit")) as [number | null];
  const line = out.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) throw new Error(`the import process failed (${code}):\n${out}`);
  return JSON.parse(line) as ChildResult;
}

/** A realistic export: nine columns, quoted values with commas, duplicates and bad rows spread through. */
async function writeCsv(file: string, rows: number) {
  const out = createWriteStream(file);
  const titles = ["CEO", "Head of Sales", "VP Marketing", "Founder", "Growth Lead", "CTO"];
  const cities = ["Berlin", "Lisbon", "Austin", "Toronto", "Lyon", "Osaka"];
  let text = `${HEADER.join(",")}\n`;
  for (let i = 1; i <= rows; i++) {
    const n = i % DUPLICATE_EVERY === 0 && i > 1000 ? i - 1001 : i;
    const email = i % BAD_EVERY === 0 ? `lead${i}-at-nowhere` : `Lead${n}@Example-${n % 5000}.test`;
    text +=
      `${email},First${i},Last${i},"Company ${i % 9973}, Inc",${titles[i % 6]},+1 555 ${String(i).padStart(7, "0")},` +
      `https://company${i % 9973}.example,${cities[i % 6]},"Software; SaaS"\n`;
    if (text.length > 256 * 1024) {
      if (!out.write(text)) await once(out, "drain");
      text = "";
    }
  }
  out.end(text);
  await once(out, "finish");
}
