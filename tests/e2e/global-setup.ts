import type { TestProject } from "vitest/node";
import { sharedAppRun } from "./shared-app";

/**
 * The browser tier's run: a directory where the shared apps (tests/e2e/shared-app.ts) record
 * themselves as the first file that needs each one starts it, and a teardown that stops them.
 */
export default function setup(project: TestProject) {
  return sharedAppRun("coldframe-e2e-run", (dir) => project.provide("e2eStateDir", dir));
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eStateDir: string;
  }
}
