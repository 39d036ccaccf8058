/**
 * `npm run dev`: the app for working on it — the same start as `npm start` (configuration,
 * embedded PostgreSQL unless DATABASE_URL, migrations) but with `next dev` (hot reload) for the
 * web and the worker under `tsx watch`, restarted when a file it imports changes. Without the
 * worker nothing in the background runs: campaigns would never send, inboxes never sync.
 * Ctrl-C stops both and the embedded PostgreSQL.
 */
import { spawn } from "node:child_process";
import { childEnvironment } from "../src/lib/system/child-environment";
import { WORKER_NODE_FLAGS } from "../src/lib/system/worker-node-flags";
import { bin, failStart, prepareApp, root, superviseChildren } from "./app-processes";

async function main() {
  const resolved = await prepareApp();
  // Both processes get the same configuration, as under `npm start`, in development mode.
  const environment = (name: "web" | "worker") => ({
    ...childEnvironment(process.env, resolved, name),
    NODE_ENV: "development" as const,
  });
  const children = [
    spawn(bin("next"), ["dev", "--port", String(resolved.PORT)], {
      cwd: root,
      stdio: "inherit",
      env: environment("web"),
    }),
    // a restart stops the old worker with SIGTERM: it finishes its jobs in flight first
    spawn(bin("tsx"), ["watch", "--clear-screen=false", ...WORKER_NODE_FLAGS, "src/worker.ts"], {
      cwd: root,
      stdio: "inherit",
      env: environment("worker"),
    }),
  ];
  console.log(`[coldframe] dev: web (hot reload) + worker (restarts on changes) on ${resolved.APP_URL}`);
  superviseChildren(children);
}

main().catch(failStart);
