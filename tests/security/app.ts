import type { TestProject } from "vitest/node";
import { sharedAppRun } from "../e2e/shared-app";

/** The one loopback address this app's operator allows (a self-hosted webhook receiver). */
export const ALLOWED_RECEIVER_IP = "127.0.0.2";

/**
 * The security tier's run: one app for all its files, started exactly as `npm start` runs it
 * (web + worker + embedded PostgreSQL, production build) with the defaults a self-hoster gets, plus
 * the one setting that lets an internal receiver (127.0.0.2) take webhooks, as an operator would
 * for their own service ("plain" in tests/e2e/shared-app.ts); every attack aims at 127.0.0.1 and
 * other internal addresses, which stay refused. The first file starts it (people.ts
 * startSecurityApp), so it does not build and run beside the earlier tiers; this teardown stops it.
 */
export default function setup(project: TestProject) {
  return sharedAppRun("coldframe-security-run", (dir) => project.provide("securityStateDir", dir));
}

declare module "vitest" {
  export interface ProvidedContext {
    securityStateDir: string;
  }
}
