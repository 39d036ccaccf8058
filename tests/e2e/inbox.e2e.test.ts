import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailServer, startMailServer } from "../integration/helpers/mail-server";
import { type App, freePort, launchChromium, screenshot, startApp, stopApp, waitForHealthy } from "./helpers";

// The unified inbox in a real browser against `npm start`: empty, then with a real reply synced
// over IMAP from a connected mailbox (Postfix + Dovecot), read, reclassified and answered.
describe("Inbox in the browser", () => {
  let app: App | undefined;
  let browser: Browser | undefined;
  let mail: MailServer | undefined;
  let page: Page;
  let dataDir: string;
  const sender = { email: `alex.${Date.now()}@example.test`, password: "app password 1" };
  const prospect = { email: `jo.${Date.now()}@example.test`, password: "prospect pw 1" };

  beforeAll(async () => {
    browser = await launchChromium();
    mail = await startMailServer();
    await mail.addUser(sender.email, sender.password);
    await mail.addUser(prospect.email, prospect.password);
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
    await mail?.stop();
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

  it("shows a synced message, marks it read, reclassifies it and sends a reply", async () => {
    // connect the mailbox through the UI, on the local servers (plain text on loopback)
    await page.goto("/mailboxes");
    await page.getByRole("button", { name: "Connect mailbox" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Connect a mailbox" });
    await dialog.getByText("Other (custom SMTP/IMAP)").click();
    await dialog.getByLabel("Email address").fill(sender.email);
    await dialog.getByLabel("From name").fill("Alex Carter");
    await dialog.getByLabel("Password", { exact: true }).fill(sender.password);
    for (const [i, proto, port] of [
      [0, "SMTP", mail!.smtpPort],
      [1, "IMAP", mail!.imapPort],
    ] as const) {
      await dialog.getByLabel(`${proto} host`).fill("127.0.0.1");
      await dialog.getByLabel("Security").nth(i).click();
      await page.getByRole("option", { name: "None (unencrypted)" }).click();
      await dialog.getByLabel("Port").nth(i).fill(String(port));
    }
    await dialog.getByRole("button", { name: "Connect mailbox" }).click();
    await page.getByTestId(`mailbox-row-${sender.email}`).waitFor();

    await nodemailer
      .createTransport({
        host: mail!.host,
        port: mail!.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: prospect.email, pass: prospect.password },
      })
      .sendMail({
        from: `Jo Prospect <${prospect.email}>`,
        to: sender.email,
        subject: "Re: Quick question about Acme",
        text: "Sounds interesting, can you send pricing?\n\nOn Mon, Nov 23, 2026 at 9:00 AM Alex Carter wrote:\n> Would you be open to a quick chat?\n",
      });

    // the worker syncs every mailbox each minute
    await page.goto("/inbox");
    const row = page.getByTestId("thread-row").filter({ hasText: "Quick question about Acme" });
    const deadline = Date.now() + 180_000;
    while (!(await row.isVisible())) {
      if (Date.now() > deadline) throw new Error(`the reply was not synced in time:\n${app!.output()}`);
      await page.waitForTimeout(5000);
      await page.reload();
    }
    expect(await row.getByLabel("Unread").count()).toBe(1);
    await screenshot(page, "inbox-01-list");

    await row.click();
    const view = page.getByTestId("thread-view");
    await view.getByText("Sounds interesting, can you send pricing?").waitFor();
    expect(await view.getByText("Would you be open to a quick chat?").isVisible()).toBe(false);
    await view.getByRole("button", { name: "Show quoted text" }).click();
    await view.getByText(/Would you be open to a quick chat\?/).waitFor();
    await row.getByLabel("Unread").waitFor({ state: "detached" }); // opening it marked it read

    await view.getByTestId("classify-select").click();
    await page.getByRole("option", { name: "Meeting request" }).click();
    await row.getByText("Meeting request").waitFor();

    await view.getByLabel("Reply").fill("Sure, pricing attached. Does Thursday work?");
    await view.getByRole("button", { name: "Send" }).click();
    await view.getByTestId("message-outbound").getByText("Does Thursday work?").waitFor();
    await screenshot(page, "inbox-02-thread");
  });
});
