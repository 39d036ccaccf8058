import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailServer, startMailServer } from "../integration/helpers/mail-server";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Connecting mailboxes in a real browser against `npm start`, with real Postfix + Dovecot logins.
describe("Mailboxes in the browser", () => {
  let started: SignedInApp | undefined;
  let mail: MailServer | undefined;
  let page: Page;
  const sender = { email: `alex.${Date.now()}@example.test`, password: "app password 1" };

  beforeAll(async () => {
    mail = await startMailServer();
    await mail.addUser(sender.email, sender.password);
    started = await startSignedInApp({
      shared: "mail",
      viewport: { width: 1280, height: 860 },
      user: { name: "Alex Carter", workspaceName: "Acme Outbound" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await mail?.stop();
  });

  /** Fill the connect form for the local servers (plain text on loopback: security "none"). */
  async function fillConnectForm(email: string, password: string) {
    const dialog = page.getByRole("dialog", { name: "Connect a mailbox" });
    await dialog.getByText("Other (custom SMTP/IMAP)").click();
    await dialog.getByLabel("Email address").fill(email);
    await dialog.getByLabel("From name").fill("Alex Carter");
    await dialog.getByLabel("Password", { exact: true }).fill(password);
    for (const [i, proto, port] of [
      [0, "SMTP", mail!.smtpPort],
      [1, "IMAP", mail!.imapPort],
    ] as const) {
      await dialog.getByLabel(`${proto} host`).fill("127.0.0.1");
      // the port first, as people do: choosing the security afterwards keeps a port typed by hand
      await dialog.getByLabel("Port").nth(i).fill(String(port));
      await dialog.getByLabel("Security").nth(i).click();
      await page.getByRole("option", { name: "None (unencrypted)" }).click();
      expect(await dialog.getByLabel("Port").nth(i).inputValue()).toBe(String(port));
    }
    return dialog;
  }

  it("tests the SMTP and IMAP logins before saving, then connects the mailbox", async () => {
    await page.goto("/mailboxes");
    await page.getByTestId("empty-state").waitFor();
    await page.getByRole("button", { name: "Connect mailbox" }).first().click();
    const dialog = await fillConnectForm(sender.email, "not the password");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    const result = dialog.getByTestId("connection-result");
    await result.getByText("The connection test failed").waitFor();
    expect(await result.getByTestId("result-smtp").textContent()).toMatch(/authentication failed/);
    expect(await result.getByTestId("result-imap").textContent()).toMatch(/authentication failed/);

    await dialog.getByLabel("Password", { exact: true }).fill(sender.password);
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await result.getByText("Both logins worked").waitFor();
    await screenshot(page, "mailboxes-01-connect-tested");

    await dialog.getByRole("button", { name: "Connect mailbox" }).click();
    const row = page.getByTestId(`mailbox-row-${sender.email}`);
    await row.waitFor();
    expect(await row.getByTestId("mailbox-status").textContent()).toBe("Active");
    expect(await row.textContent()).toContain("0 / 30");
  });

  it("shows a mailbox stopped by failed logins with the reason, and edits limits and ramp-up", async () => {
    const broken = `sam.${Date.now()}@example.test`;
    await mail!.addUser(broken, "the right one");
    await page.getByRole("button", { name: "Connect mailbox" }).first().click();
    const dialog = await fillConnectForm(broken, "an outdated password");
    await dialog.getByRole("button", { name: "Connect mailbox" }).click();
    const row = page.getByTestId(`mailbox-row-${broken}`);
    await row.waitFor();
    for (let i = 0; i < 3; i++) {
      await row.getByRole("button", { name: "Test", exact: true }).click();
      const tested = page.getByRole("dialog", { name: /^Connection test/ });
      await tested.getByText("The connection test failed").waitFor();
      await page.keyboard.press("Escape");
      await tested.waitFor({ state: "hidden" });
    }
    await row.getByText("Needs attention").waitFor();
    expect(await row.getByTestId("mailbox-status-reason").textContent()).toMatch(
      /^SMTP and IMAP logins refused: authentication failed — 3 failed logins in a row/,
    );

    // ramp-up on the good mailbox: 5 today, growing to the daily limit
    await page.getByRole("button", { name: `Edit ${sender.email}` }).click();
    const edit = page.getByRole("dialog", { name: `Edit ${sender.email}` });
    await edit.getByLabel("Daily limit").fill("50");
    await edit.getByRole("switch", { name: /Ramp up slowly/ }).check({ force: true });
    await edit.getByLabel("Signature (HTML)").fill("<p>Alex Carter<br>Acme</p>");
    await screenshot(page, "mailboxes-02-edit");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "hidden" });
    const good = page.getByTestId(`mailbox-row-${sender.email}`);
    await good.getByText("(ramping to 50)").waitFor();
    expect(await good.textContent()).toContain("0 / 5");
    await screenshot(page, "mailboxes-03-list");
  });
});
