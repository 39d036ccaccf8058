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
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EnvError, parseEnv } from "../src/lib/config/env";
import { closeDatabase, initDatabase } from "../src/lib/db/client";
import { runMigrations } from "../src/lib/db/migrate";
import { childEnvironment } from "../src/lib/system/child-environment";

const root = path.resolve(import.meta.dirname, "..");
const webOnly = process.argv.includes("--web");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

async function main() {
  const env = parseEnv();
  const url = await initDatabase();
  await runMigrations(url);

  if (!buildIsCurrent()) {
    console.log("[coldframe] building the web app (first start or sources changed; takes a minute or two)…");
    await run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
    writeFileSync(path.join(root, ".next", "coldframe-source-hash"), sourceHash());
  }

  // Every child gets the same configuration (src/lib/system/child-environment.ts).
  const resolved = { ...env, DATABASE_URL: url, DATA_DIR: path.resolve(env.DATA_DIR) };
  const children: ChildProcess[] = [
    spawn(bin("tsx"), ["scripts/web-server.ts"], {
      cwd: root,
      stdio: "inherit",
      env: childEnvironment(process.env, resolved, "web"),
    }),
  ];
  if (!webOnly) {
    children.push(
      spawn(bin("tsx"), ["src/worker.ts"], {
        cwd: root,
        stdio: "inherit",
        env: childEnvironment(process.env, resolved, "worker"),
      }),
    );
  }
  console.log(`[coldframe] ${webOnly ? "web" : "web + worker"} starting on ${env.APP_URL}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    await Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)),
    );
    await closeDatabase(); // stops the embedded server if this process started it
    process.exit(code);
  };
  for (const c of children) c.once("exit", (code) => void stop(code ?? 1));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
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

function run(cmd: string, args: string[], extraEnv: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`)),
    );
  });
}

main().catch(async (err) => {
  console.error(err instanceof EnvError ? err.message : err);
  await closeDatabase().catch(() => {});
  process.exit(1);
});
