/**
 * Runs one lead import in a fresh Node process, as a worker runs the job, so its peak RSS is the
 * import's own and not the bench runner's. Prints one JSON line: the import's time, the result,
 * and this process's RSS before the import and at its peak (VmHWM, tracked by the kernel).
 * Usage (from csv-import.ts): node --import tsx bench/scenarios/csv-import.child.ts <importId>
 */
import { readFileSync } from "node:fs";
import { closeDatabase, getPool } from "@/lib/db/client";
import { runLeadImport } from "@/lib/leads/run-lead-import";

const statusMb = (field: "VmRSS" | "VmHWM") =>
  Number(readFileSync("/proc/self/status", "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))?.[1]) / 1024;

const importId = process.argv[2];
if (!importId) throw new Error("usage: csv-import.child.ts <importId>");
const pool = getPool();
await pool.query("select 1"); // connected before the clock starts, as a running worker is
const baselineRssMb = Math.round(statusMb("VmRSS"));
const start = performance.now();
const value = await runLeadImport(pool, { importId });
const ms = performance.now() - start;
const peakRssMb = Math.round(statusMb("VmHWM"));
await closeDatabase();
process.stdout.write(`${JSON.stringify({ ms, baselineRssMb, peakRssMb, value })}\n`);
