import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_FLAGS } from "@/lib/system/worker-node-flags";

const root = path.resolve(import.meta.dirname, "../..");

describe("worker Node flags", () => {
  it("`npm run worker` runs with them (package.json cannot import the constant)", () => {
    const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts;
    expect(scripts.worker).toBe(`tsx ${WORKER_NODE_FLAGS.join(" ")} src/worker.ts`);
  });

  it("with them, loading the app leaves the young generation at 2 × 16 MB at most", () => {
    // what a worker does first: load the app's modules (the burst of allocation that grows the
    // young generation to its maximum: 2 × 64 MB under Node 24 on a machine with this much memory)
    const out = execFileSync(
      process.execPath,
      [
        ...WORKER_NODE_FLAGS,
        "--import",
        "tsx",
        path.join(import.meta.dirname, "fixtures/new-space-after-load.ts"),
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(Number(out)).toBeGreaterThan(0);
    expect(Number(out)).toBeLessThanOrEqual(32 * 1024 * 1024);
    // a fresh Node process loading the app's modules through tsx: seconds on a busy machine
  }, 60_000);
});
