import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname, "src") };

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
