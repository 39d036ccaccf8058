/**
 * What `npm start` (scripts/start.ts) and `npm run dev` (scripts/dev.ts) share: one parent that
 * resolves the configuration and the database, then runs the web and the worker as children
 * with the same environment and stops them all together.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { type Env, EnvError, parseEnv } from "../src/lib/config/env";
import { closeDatabase, initDatabase } from "../src/lib/db/client";
import { runMigrations } from "../src/lib/db/migrate";

export const root = path.resolve(import.meta.dirname, "..");
export const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export type Resolved = Env & { DATABASE_URL: string; DATA_DIR: string };

/**
 * Configuration parsed (development secrets generated into DATA_DIR on first start), PostgreSQL
 * resolved (DATABASE_URL, or the embedded server in DATA_DIR/pg, owned by this process) and the
 * migrations applied (under an advisory lock).
 */
export async function prepareApp(): Promise<Resolved> {
  const env = parseEnv();
  const url = await initDatabase();
  await runMigrations(url);
  return { ...env, DATABASE_URL: url, DATA_DIR: path.resolve(env.DATA_DIR) };
}

/** Run a command in the foreground, sharing this terminal; rejects when it fails. */
export function runToCompletion(cmd: string, args: string[], extraEnv: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/**
 * Keep the children running until one of them exits or this process gets SIGINT/SIGTERM (Ctrl-C
 * in a terminal): then stop the others, wait for them, and stop the embedded PostgreSQL if this
 * process started it — nothing is left running behind.
 */
export function superviseChildren(children: ChildProcess[]): void {
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
    await Promise.all(
      children.map((c) =>
        c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : null,
      ),
    );
    await closeDatabase();
    process.exit(code);
  };
  for (const c of children) c.once("exit", (code) => void stop(code ?? 1));
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

/** The last word of a parent that failed to start: the configuration's own message, or the error. */
export async function failStart(err: unknown): Promise<never> {
  console.error(err instanceof EnvError ? err.message : err);
  await closeDatabase().catch(() => {});
  process.exit(1);
}
