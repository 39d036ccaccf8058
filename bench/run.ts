/**
 * `npm run bench [-- --quick] [-- --only name,name]`: every scenario in bench/scenarios, each our
 * path against its bare floor in the same run, on one embedded PostgreSQL (durable settings, as
 * production runs it) with a fresh database per scenario. Prints a table and writes
 * bench/results.json (bench/results.quick.json with --quick, which CI runs with no thresholds).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { BenchContext, Scenario, ScenarioResult } from "./lib/scenario";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only"));
const only = onlyArg
  ? (onlyArg.includes("=") ? onlyArg.split("=")[1] : args[args.indexOf(onlyArg) + 1])?.split(",")
  : undefined;

const root = mkdtempSync(path.join(os.tmpdir(), "coldframe-bench-"));
Object.assign(process.env, { DATA_DIR: root, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" });

const { ensureEmbeddedPostgres, withDatabase } = await import("../src/lib/db/embedded");
const { runMigrations } = await import("../src/lib/db/migrate");
const { closeDatabase } = await import("../src/lib/db/client");
const { scenarios } = await import("./scenarios");

const selected: Scenario[] = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
if (only && selected.length !== only.length) {
  const known = scenarios.map((s) => s.name).join(", ");
  console.error(`unknown scenario in --only ${only.join(",")}; known: ${known}`);
  process.exit(2);
}

const server = await ensureEmbeddedPostgres(root);
const results: ScenarioResult[] = [];
const failures: { name: string; error: string }[] = [];
try {
  for (const [i, scenario] of selected.entries()) {
    const { url } = await ensureEmbeddedPostgres(root, { database: `bench_${i}` });
    await runMigrations(url);
    process.env.DATABASE_URL = url;
    const dir = path.join(root, `scenario-${i}`);
    mkdirSync(dir, { recursive: true });
    const ctx: BenchContext = {
      quick,
      databaseUrl: url,
      dir,
      log: (m) => console.log(`  [${scenario.name}] ${m}`),
    };
    console.log(`▶ ${scenario.name}: ${scenario.description}`);
    const started = performance.now();
    try {
      const result = await scenario.run(ctx);
      results.push(result);
      console.log(`  ${line(result)}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      failures.push({ name: scenario.name, error });
      console.error(`  ✗ ${scenario.name} failed: ${error}`);
    } finally {
      await closeDatabase();
      rmSync(dir, { recursive: true, force: true });
      await settle(server.url, `bench_${i}`);
    }
  }
} finally {
  await server.stop();
  rmSync(root, { recursive: true, force: true });
}

const report = {
  ranAt: new Date().toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  },
  results,
  failures,
};
const out = path.resolve(import.meta.dirname, quick ? "results.quick.json" : "results.json");
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${table(results)}\nwritten to ${path.relative(process.cwd(), out)}`);
// A scenario that throws is a broken benchmark: fail the command so CI notices it rotting.
if (failures.length) process.exit(1);

/**
 * Leave nothing of a scenario to the next one: its database is dropped and its writes are flushed
 * by a checkpoint now, not by the checkpointer in the middle of the next scenario's rounds.
 */
async function settle(url: string, database: string) {
  const admin = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.query("checkpoint");
  } finally {
    await admin.end();
  }
}

function line(r: ScenarioResult): string {
  const how = r.ratioKind === "throughput" ? "of the floor's throughput" : "× the floor's time";
  return `${r.ratio} ${how} — target ${r.target}: ${r.met ? "met" : "NOT met"}`;
}

function figures(s: ScenarioResult["ours"]): string {
  const parts: string[] = [];
  if (s.perSecond !== undefined) parts.push(`${s.perSecond.toLocaleString("en-US")}/s`);
  if (s.p50Ms !== undefined) parts.push(`p50 ${s.p50Ms} ms`);
  if (s.p99Ms !== undefined) parts.push(`p99 ${s.p99Ms} ms`);
  if (s.wallMs !== undefined && s.perSecond === undefined) parts.push(`${s.wallMs} ms`);
  if (s.peakRssMb !== undefined) parts.push(`RSS ${s.peakRssMb} MB`);
  return parts.join(", ");
}

/** The README's Performance table, as markdown. */
function table(rs: ScenarioResult[]): string {
  const rows = rs.map(
    (r) =>
      `| ${r.name} | ${r.scale} | ${figures(r.ours)} | ${r.floor.label}: ${figures(r.floor)} | ` +
      `${r.ratio}${r.ratioKind === "slowdown" ? "×" : ""} | ${r.target} | ${r.met ? "met" : "not met"} |`,
  );
  return [
    "| scenario | scale | ours | floor | ratio | target | |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
