import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, freePort, launchChromium, screenshot, startApp, stopApp, waitForHealthy } from "./helpers";

// The unified inbox in a real browser against `npm start`, before any mail has arrived.
describe("Inbox in the browser", () => {
  let app: App | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dataDir = mkdtempSync(path.join(tmpdir(), "coldframe-e2e-"));
    chmodSync(dataDir, 0o755);
    app = startApp({ dataDir, port: await freePort() });
    await waitForHealthy(app, 8 * 60_000);
    page = await browser.newPage({
      baseURL: app.baseUrl,
      viewport: { width: 1280, height: 800 },
      reducedMotion: "reduce",
    });
    await page.goto("/signup");
    await page.getByRole("textbox", { name: /^Name/ }).fill("Alex Carter");
    await page.getByLabel(/^Work email/).fill(`owner.${Date.now()}@example.com`);
    await page.getByLabel(/^Password/).fill("correct horse battery");
    await page.getByLabel(/^Workspace name/).fill("Acme Outbound");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/campaigns");
  });

  afterAll(async () => {
    await browser?.close();
    await stopApp(app);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("explains where replies come from while the inbox is empty", async () => {
    await page.goto("/inbox");
    await expect(page.getByRole("heading", { name: "Inbox", level: 1 }).isVisible()).resolves.toBe(true);
    const empty = page.getByTestId("empty-state").filter({ hasText: "No messages yet" });
    await empty.waitFor();
    await expect(empty.getByText(/INBOX and Junk/).isVisible()).resolves.toBe(true);
    await screenshot(page, "inbox-empty");
  });
});
