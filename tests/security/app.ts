import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startApp, stopApp, waitForHealthy } from "../e2e/helpers";

/** The one loopback address this app's operator allows (a self-hosted webhook receiver). */
export const ALLOWED_RECEIVER_IP = "127.0.0.2";

/**
 * One app for the whole security suite, started exactly as `npm start` runs it (web + worker +
 * embedded PostgreSQL, production build), with the defaults a self-hoster gets. The only setting
 * given lets one internal receiver (127.0.0.2) take webhooks, as an operator would for their own
 * service; every attack aims at 127.0.0.1 and other internal addresses, which stay refused.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "coldframe-security-"));
  chmodSync(dataDir, 0o755);
  const app = startApp({
    dataDir,
    port: await freePort(),
    env: {
      ALLOWED_PRIVATE_HOSTS: ALLOWED_RECEIVER_IP,
      // no test traffic leaves the machine: the app's public defaults point at loopback here
      RDAP_BOOTSTRAP_URL: "http://127.0.0.1:9/rdap/dns.json",
      DNS_RESOLVERS: "127.0.0.1:9",
    },
  });
  await waitForHealthy(app, 10 * 60_000); // the first start may run `next build`
  project.provide("securityApp", { baseUrl: app.baseUrl, dataDir });
  return async () => {
    await stopApp(app);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    securityApp: { baseUrl: string; dataDir: string };
  }
}
