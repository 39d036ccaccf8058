import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const screenshotsDir = path.join(import.meta.dirname, "screenshots");

/** A TCP port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type App = { child: ChildProcess; baseUrl: string; output: () => string };

/**
 * Start the app exactly as `npm start` does, in its own process group so teardown can stop the
 * web server, worker and embedded PostgreSQL together. With `logFile`, its output goes to that
 * file instead of this process, so the app can outlive it (one app shared by several test files).
 */
export function startApp(opts: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
  logFile?: string;
}): App {
  // NODE_ENV (vitest sets "test") is dropped as `npm start` runs without it; so are settings
  // that would point the app at another database or address.
  const dropped = new Set(["NODE_ENV", "APP_URL", "DATABASE_URL"]);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !dropped.has(k)));
  const env: Record<string, string | undefined> = {
    ...inherited,
    PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port),
    LOG_LEVEL: "warn",
    // settings a test needs, such as local stand-ins for paid APIs (STRIPE_API_URL, CLOUDFLARE_BASE_URL)
    ...opts.env,
  };
  const toFile = opts.logFile ? openSync(opts.logFile, "a") : undefined;
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: toFile === undefined ? ["ignore", "pipe", "pipe"] : ["ignore", toFile, toFile],
  });
  // localhost, not 127.0.0.1: it is the app's default APP_URL, which Better Auth checks as the origin.
  const baseUrl = `http://localhost:${opts.port}`;
  if (toFile !== undefined) {
    closeSync(toFile); // the child holds its own copy
    return { child, baseUrl, output: () => logTail(opts.logFile!) };
  }
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, baseUrl, output: () => log };
}

/** The last 20,000 characters an app wrote to its log file. */
export function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").slice(-20_000);
  } catch {
    return "";
  }
}

/** Poll /api/health until it answers 200; fail at once if the app exits first. */
export async function waitForHealthy(app: App, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) {
      throw new Error(
        `the app exited with code ${app.child.exitCode} before it was healthy:\n${app.output()}`,
      );
    }
    const ok = await fetch(`${app.baseUrl}/api/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the app was not healthy within ${timeoutMs / 1000}s:\n${app.output()}`);
}

/** SIGTERM the app's process group and wait for it to exit (SIGKILL after 30 s). */
export async function stopApp(app: App | undefined): Promise<void> {
  const { child } = app ?? {};
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Debian's Chromium, headless, with a fresh profile; a missing browser fails with how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      "Chromium not found: run `bash scripts/install-test-services.sh` (apt-get install chromium)",
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * On the inbox page, press "Check for new mail" until `target` shows: each press reads every
 * mailbox now and waits for it (the page says "Up to date" once each was read), so a test waits
 * for the mail to reach the mail server, not for the worker's next minute.
 */
export async function checkMailUntil(
  page: Page,
  what: string,
  target: Locator,
  opts: { timeoutMs?: number; detail?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  const status = page.getByTestId("check-mail-status");
  for (;;) {
    if (await target.isVisible()) return;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what} after pressing “Check for new mail”\n${opts.detail?.() ?? ""}`,
      );
    }
    await page.getByRole("button", { name: "Check for new mail" }).click();
    await status
      .filter({ hasText: /^(Up to date|\d+ of \d+ mailboxes not read yet|Nothing to check)/ })
      .waitFor({
        timeout: 75_000,
      });
    // the list reloads after the status shows; a second press within 5 s would queue no sync
    if (
      await target.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
}
