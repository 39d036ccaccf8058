/**
 * `npm start`: the whole app on one machine with no configuration.
 *   1. configuration parsed (development secrets generated into DATA_DIR on first start);
 *   2. PostgreSQL: DATABASE_URL, or the embedded server in DATA_DIR/pg;
 *   3. migrations applied (under an advisory lock);
 *   4. a production build of the web app, when missing or older than the sources;
 *   5. the web server (scripts/web-server.ts: the Next.js build behind our own HTTP server, which
 *      decides the client address from the socket and TRUSTED_PROXIES) and one worker, until
 *      SIGINT/SIGTERM.
 * `npm run web` (--web) runs the web server alone.
 * Every child gets the same environment, NODE_ENV included: no security check may depend on
 * which process runs it.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { childEnvironment } from "../src/lib/system/child-environment";
import { WORKER_NODE_FLAGS } from "../src/lib/system/worker-node-flags";
import { bin, failStart, prepareApp, root, runToCompletion, superviseChildren } from "./app-processes";

const webOnly = process.argv.includes("--web");

async function main() {
  const resolved = await prepareApp();

  if (!buildIsCurrent()) {
    console.log(
      "[coldframe] building the web app (first start or sources changed: about 4–5 minutes on two cores)…",
    );
    // the sources' hash as they were when the build began: a file saved during the build makes
    // the next start build again instead of trusting a build that does not contain it
    const hash = sourceHash();
    await runToCompletion(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
    writeFileSync(path.join(root, ".next", "coldframe-source-hash"), hash);
  }

  // Every child gets the same configuration (src/lib/system/child-environment.ts).
  const children = [
    spawn(bin("tsx"), ["scripts/web-server.ts"], {
      cwd: root,
      stdio: "inherit",
      env: childEnvironment(process.env, resolved, "web"),
    }),
  ];
  if (!webOnly) {
    children.push(
      spawn(bin("tsx"), [...WORKER_NODE_FLAGS, "src/worker.ts"], {
        cwd: root,
        stdio: "inherit",
        env: childEnvironment(process.env, resolved, "worker"),
      }),
    );
  }
  console.log(`[coldframe] ${webOnly ? "web" : "web + worker"} starting on ${resolved.APP_URL}`);
  superviseChildren(children);
}

/** The build is current when it exists and was made from the same sources. */
function buildIsCurrent(): boolean {
  const marker = path.join(root, ".next", "coldframe-source-hash");
  return (
    existsSync(path.join(root, ".next", "BUILD_ID")) &&
    existsSync(marker) &&
    readFileSync(marker, "utf8") === sourceHash()
  );
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(path.join(p, e));
    else hash.update(p).update(readFileSync(p));
  };
  for (const p of ["src", "public", "next.config.ts", "package.json", "tsconfig.json"])
    walk(path.join(root, p));
  return hash.digest("hex");
}

main().catch(failStart);
