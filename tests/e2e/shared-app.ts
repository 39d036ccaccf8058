import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, logTail, startApp, stopApp, waitForHealthy } from "./helpers";

/**
 * The apps test files may share, by the settings they need. Starting `npm start` costs close to a
 * minute on two cores, so files whose settings agree use one app per run, each in a workspace of
 * its own. Files that need local stand-ins for paid APIs (Stripe, registrars, RDAP, PowerDNS) hold
 * those servers in their own process and start an app of their own.
 */
export const sharedAppSettings = {
  /** one loopback address allowed, as an operator would for its own webhook receiver: 127.0.0.1 stays refused */
  plain: { ALLOWED_PRIVATE_HOSTS: "127.0.0.2" },
  /** the test mail servers are on loopback: the operator's allowance for its own servers */
  mail: { ALLOWED_PRIVATE_HOSTS: "127.0.0.0/8,::1" },
} satisfies Record<string, Record<string, string>>;

export type SharedAppName = keyof typeof sharedAppSettings;

// no test traffic leaves the machine: the public defaults (IANA's RDAP, public resolvers) point at loopback
const offline = { RDAP_BOOTSTRAP_URL: "http://127.0.0.1:9/rdap/dns.json", DNS_RESOLVERS: "127.0.0.1:9" };

type SharedAppRecord = { baseUrl: string; pid: number; dataDir: string; logFile: string };
export type RunningApp = { baseUrl: string; dataDir: string; output: () => string };

/**
 * The shared app of this name: started by the first file that asks (so a run of one file starts
 * only what it uses), found again by the files after it, stopped by the global setup's teardown.
 * `stateDir` is the run's directory (the global setup provides it as `e2eStateDir`).
 */
export async function sharedApp(stateDir: string, name: SharedAppName): Promise<RunningApp> {
  const recordFile = path.join(stateDir, `${name}.json`);
  const lock = path.join(stateDir, `${name}.lock`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (existsSync(recordFile)) {
      const record = JSON.parse(readFileSync(recordFile, "utf8")) as SharedAppRecord;
      const app = { baseUrl: record.baseUrl, dataDir: record.dataDir, output: () => logTail(record.logFile) };
      if (!isAlive(record.pid)) throw new Error(`the shared "${name}" app has stopped:\n${app.output()}`);
      return app;
    }
    try {
      mkdirSync(lock); // one file starts it; a file running beside it waits for the record
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the shared "${name}" app did not start within 10 minutes`);
      await sleep(500);
    }
  }
  try {
    const dataDir = mkdtempSync(path.join(stateDir, `${name}-`));
    chmodSync(dataDir, 0o755); // as root, embedded PostgreSQL runs as another user that must reach DATA_DIR/pg
    const logFile = path.join(stateDir, `${name}.log`);
    const app = startApp({
      dataDir,
      port: await freePort(),
      env: { ...offline, ...sharedAppSettings[name] },
      logFile,
    });
    try {
      await waitForHealthy(app, 8 * 60_000); // the first start of a run may run `next build`
    } catch (err) {
      await stopApp(app); // not recorded yet: the teardown would not know it
      throw err;
    }
    app.child.unref(); // it outlives this file
    const record: SharedAppRecord = { baseUrl: app.baseUrl, pid: app.child.pid!, dataDir, logFile };
    writeFileSync(recordFile, JSON.stringify(record));
    return { baseUrl: app.baseUrl, dataDir, output: app.output };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A tier's global setup: a run directory where its shared apps record themselves, handed to
 * `provide` for the test files, and a teardown that stops the apps and removes it.
 */
export function sharedAppRun(prefix: string, provide: (stateDir: string) => void) {
  const stateDir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  chmodSync(stateDir, 0o755); // as root, embedded PostgreSQL runs as another user that must reach its data dir
  provide(stateDir);
  return async () => {
    await stopSharedApps(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
  };
}

/** Stop every shared app this run started (SIGTERM to its process group; SIGKILL after 30 s). */
export async function stopSharedApps(stateDir: string): Promise<void> {
  const records = Object.keys(sharedAppSettings)
    .map((name) => path.join(stateDir, `${name}.json`))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, "utf8")) as SharedAppRecord);
  await Promise.all(
    records.map(async ({ pid }) => {
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // already gone
        }
      };
      signal("SIGTERM");
      const deadline = Date.now() + 30_000;
      while (isAlive(pid) && Date.now() < deadline) await sleep(200);
      if (isAlive(pid)) signal("SIGKILL");
    }),
  );
}

/** Whether a process runs (a zombie, exited but not yet reaped by its new parent, does not). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
