import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { type App, freePort, launchChromium, startApp, stopApp, waitForHealthy } from "./helpers";
import { type RunningApp, type SharedAppName, sharedApp } from "./shared-app";

export type E2eUser = { name: string; email: string; password: string; workspaceName: string };

export type SignedInApp = {
  app: RunningApp;
  browser: Browser;
  /** signed in as `user` (unless asked not to), on the dashboard */
  page: Page;
  /** who signed up; undefined with `user: false` */
  user: E2eUser | undefined;
  /** close the browser, and stop the app if it is this file's own */
  stop: () => Promise<void>;
};

/**
 * Everything a browser test starts with: the app running as `npm start` runs it, Chromium, and a
 * page signed up through the signup form as a new owner of a new workspace. Either one of the run's
 * shared apps (`shared`: tests/e2e/shared-app.ts) or an app of this file's own with `env` (local
 * stand-ins for paid APIs, whose servers live in the test's process).
 */
export async function startSignedInApp(
  opts: {
    shared?: SharedAppName;
    env?: Record<string, string>;
    /** the own app's port, when a stand-in must know it before the app starts (Stripe's webhook) */
    port?: number;
    viewport?: { width: number; height: number };
    /** who signs up (a fresh email unless given); false leaves the page signed out */
    user?: Partial<E2eUser> | false;
  } = {},
): Promise<SignedInApp> {
  if (opts.shared && (opts.env || opts.port))
    throw new Error(
      "startSignedInApp: a shared app has the settings of its group; env and port are for an own app",
    );
  const browser = await launchChromium(); // first: a missing browser fails before the slow start
  let own: { app: App; dataDir: string } | undefined;
  const stop = async () => {
    await browser.close();
    if (own) {
      await stopApp(own.app);
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  };
  try {
    let app: RunningApp;
    if (opts.shared) {
      app = await sharedApp(inject("e2eStateDir"), opts.shared);
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), "coldframe-e2e-"));
      chmodSync(dataDir, 0o755); // as root, embedded PostgreSQL runs as another user that must reach DATA_DIR/pg
      own = { app: startApp({ dataDir, port: opts.port ?? (await freePort()), env: opts.env }), dataDir };
      app = { ...own.app, dataDir };
      await waitForHealthy(own.app, 8 * 60_000); // the first start of a run may run `next build`
    }
    const page = await browser.newPage({
      baseURL: app.baseUrl,
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      reducedMotion: "reduce", // the theme honours it: no half-faded modals in screenshots
    });
    const user = opts.user === false ? undefined : newUser(opts.user);
    if (user) await signUp(page, user);
    return { app, browser, page, user, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

let count = 0;
function newUser(given: Partial<E2eUser> = {}): E2eUser {
  return {
    name: "Olive Owner",
    email: `owner.${Date.now()}.${++count}@example.com`,
    password: "correct horse battery",
    workspaceName: "Owner Outbound",
    ...given,
  };
}

/** Sign up through the form, as a person would; a new account lands on the campaigns page. */
async function signUp(page: Page, user: E2eUser): Promise<void> {
  await page.goto("/signup");
  await page.getByRole("textbox", { name: /^Name/ }).fill(user.name);
  await page.getByLabel(/^Work email/).fill(user.email);
  await page.getByLabel(/^Password/).fill(user.password);
  await page.getByLabel(/^Workspace name/).fill(user.workspaceName);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL("**/campaigns");
}
