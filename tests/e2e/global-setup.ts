import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { stopSharedApps } from "./shared-app";

/**
 * The browser tier's run: a directory where the shared apps (tests/e2e/shared-app.ts) record
 * themselves as the first file that needs each one starts it, and a teardown that stops them.
 */
export default function setup(project: TestProject) {
  const stateDir = mkdtempSync(path.join(tmpdir(), "coldframe-e2e-run-"));
  chmodSync(stateDir, 0o755); // as root, embedded PostgreSQL runs as another user that must reach its data dir
  project.provide("e2eStateDir", stateDir);
  return async () => {
    await stopSharedApps(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eStateDir: string;
  }
}
