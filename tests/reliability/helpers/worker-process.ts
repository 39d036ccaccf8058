import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { until } from "../../helpers/until";

const root = path.resolve(import.meta.dirname, "../../..");

export type WorkerProcess = {
  child: ChildProcess;
  /** everything it wrote to stdout and stderr so far (JSON log lines) */
  output: () => string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** `kill -9`: no shutdown handler runs, jobs in flight stay locked until pg-boss expires them */
  killHard: () => Promise<void>;
  /** SIGTERM and wait for a clean exit */
  stop: () => Promise<number | null>;
};

/**
 * Start `src/worker.ts` as its own process, as an operator runs it, against the test file's
 * database (DATABASE_URL and the keys come from the test's environment). Resolves once it logs
 * "worker ready". Every worker a file starts is killed when the test process exits.
 */
export async function startWorkerProcess(
  env: Record<string, string | undefined> = {},
  /** how long it may take to log "worker ready" (default 120 s: a start on busy cores can take a minute) */
  opts: { readyTimeoutMs?: number } = {},
): Promise<WorkerProcess> {
  // Node itself with tsx's loader, not the `tsx` command: that one runs the script in a child
  // process of its own, so a SIGKILL would end the wrapper and leave the real worker running
  const child = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", "src/worker.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const worker: WorkerProcess = {
    child,
    output: () => out,
    exited,
    killHard: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
  try {
    await until("the worker ready", () => out.includes('"msg":"worker ready"') || child.exitCode !== null, {
      timeoutMs: opts.readyTimeoutMs ?? 120_000,
      detail: () => out.slice(-2000),
    });
  } catch (err) {
    await worker.killHard();
    throw err;
  }
  if (child.exitCode !== null) throw new Error(`the worker exited at start:\n${out.slice(-2000)}`);
  return worker;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});
