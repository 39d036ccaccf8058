import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// One user's first session, end to end in a real browser against `npm start`.
describe("Coldframe in the browser", () => {
  let started: SignedInApp | undefined;
  let app: SignedInApp["app"];
  let browser: SignedInApp["browser"];
  let page: Page;
  const user = {
    name: "Ada Lovelace",
    email: `ada+${Date.now()}@example.com`,
    password: "correct horse battery",
  };
  const guest = {
    name: "Grace Hopper",
    email: `grace+${Date.now()}@example.com`,
    password: "nanoseconds 11.8in",
  };
  const workspaceName = "Analytical Outbound";
  let inviteUrl = "";

  beforeAll(async () => {
    // signed out: signing up through the pages is this file's first test
    started = await startSignedInApp({
      shared: "plain",
      viewport: { width: 1280, height: 800 },
      user: false,
    });
    ({ app, browser, page } = started);
  });

  afterAll(async () => {
    await started?.stop();
  });

  const logIn = async (password: string) => {
    await page.getByLabel(/^Email/).fill(user.email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
  };
  const logOut = async () => {
    await page.getByTestId("user-menu").click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await page.waitForURL("**/login");
  };

  it("signs up and lands on the dashboard in the new workspace", async () => {
    await page.goto("/campaigns"); // signed out, the dashboard sends people to log in
    await page.waitForURL("**/login");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL("**/signup");
    await page.getByRole("textbox", { name: /^Name/ }).fill(user.name);
    await page.getByLabel(/^Work email/).fill(user.email);
    await page.getByLabel(/^Password/).fill(user.password);
    await page.getByLabel(/^Workspace name/).fill(workspaceName);
    await screenshot(page, "01-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/campaigns");
    await expect(page.getByRole("heading", { name: "Campaigns", level: 1 }).isVisible()).resolves.toBe(true);
    await page.getByTestId("workspace-switcher").getByText(workspaceName).waitFor();
    await screenshot(page, "02-dashboard");
  });

  it("logs out and back in, and refuses a wrong password", async () => {
    await logOut();
    await logIn(user.password);
    await page.waitForURL("**/campaigns");
    await page.goto("/"); // the root sends a signed-in person to the dashboard
    await page.waitForURL("**/campaigns");
    await logOut();

    await logIn("not the password");
    const error = page.getByTestId("auth-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("Invalid email or password");
    await screenshot(page, "03-login-error");
    expect(new URL(page.url()).pathname).toBe("/login");

    // a forgotten password: without a system mailer the page says what the operator must set
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL("**/forgot-password");
    await page.getByTestId("no-system-mailer").getByText("SYSTEM_SMTP_URL").waitFor();
    await screenshot(page, "03b-forgot-password-no-mailer");
    await page.goto("/reset-password?error=INVALID_TOKEN");
    await page.getByTestId("reset-invalid").waitFor();
    await page.goto("/login");

    await logIn(user.password);
    await page.waitForURL("**/campaigns");
  });

  it("creates an API key that works once, then is refused after it is revoked", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL("**/settings/workspace");
    await page.getByTestId("workspace-id").waitFor();
    await screenshot(page, "04-settings-workspace");
    await page.getByRole("tab", { name: "API keys" }).click();
    await page.waitForURL("**/settings/api-keys");
    await page.getByLabel("Key name").fill("e2e key");
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByTestId("created-api-key");
    await shown.waitFor();
    await page.getByRole("button", { name: "I have stored it" }).waitFor();
    const key = (await shown.textContent())?.trim() ?? "";
    expect(key.length).toBeGreaterThan(20);
    await screenshot(page, "05-api-key-created");

    const session = await page.evaluate(() => fetch("/api/v1/me").then((r) => r.json()));
    const me = await fetch(`${app!.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { workspace: { id: string; name: string }; via: string };
    expect(body.via).toBe("api_key");
    expect(body.workspace).toMatchObject({ id: session.workspace.id, name: workspaceName });

    await page.getByRole("button", { name: "I have stored it" }).click();
    const row = page.getByTestId("api-keys-table").getByRole("row", { name: /e2e key/ });
    await row.getByText("Active").waitFor();
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("Revoked").waitFor();
    await screenshot(page, "06-api-key-revoked");

    const after = await fetch(`${app!.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(after.status).toBe(401);
  });

  it("adds a sending domain with a custom tracking host, refusing one on another domain", async () => {
    await page.goto("/domains");
    await page.getByLabel(/^Domain/).fill("outreach-acme.test");
    await page.getByLabel(/^Tracking host/).fill("track.elsewhere.test");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByText("use a subdomain of outreach-acme.test").waitFor();
    await page.getByLabel(/^Tracking host/).fill("track.outreach-acme.test");
    await page.getByRole("button", { name: "Add domain" }).click();
    const row = page.getByRole("row", { name: /outreach-acme\.test/ });
    await row.getByText("CNAME").waitFor();
    expect(await row.getByRole("textbox").inputValue()).toBe("track.outreach-acme.test");
    await screenshot(page, "06b-domains");
    await page.goto("/settings/api-keys");
  });

  it("invites a teammate and shows the link to send them", async () => {
    await page.getByRole("tab", { name: "Members" }).click();
    await page.waitForURL("**/settings/members");
    await page.getByTestId("members-table").getByText(user.email).waitFor();
    await page.getByLabel("Email to invite").fill(guest.email);
    await page.getByRole("button", { name: "Invite" }).click();
    const link = page.getByTestId("invite-link");
    await link.waitFor();
    expect(await link.textContent()).toMatch(new RegExp(`^${app!.baseUrl}/invite/[A-Za-z0-9_-]{16,}$`));
    // no system mailer here: the inviter is told to send the link
    await page
      .getByTestId("invite-delivery")
      .getByText(/send this link to .* yourself/)
      .waitFor();
    await page.getByTestId("invitations-table").getByText(guest.email).waitFor();
    inviteUrl = (await link.textContent())!.trim();
    await screenshot(page, "07-members");
  });

  it("lets the invited teammate sign up from the link, join, and switch workspaces", async () => {
    const context = await browser!.newContext({ baseURL: app!.baseUrl, reducedMotion: "reduce" });
    const guestPage = await context.newPage();
    await guestPage.goto(inviteUrl);
    await guestPage.waitForURL("**/login?next=*"); // not logged in: log in first, then come back
    await guestPage.getByRole("link", { name: "Create an account" }).click();
    await guestPage.getByRole("textbox", { name: /^Name/ }).fill(guest.name);
    await guestPage.getByLabel(/^Work email/).fill(guest.email);
    await guestPage.getByLabel(/^Password/).fill(guest.password);
    await guestPage.getByRole("button", { name: "Create account" }).click();
    await guestPage.waitForURL("**/invite/**");
    await guestPage.getByText(`invited you to join ${workspaceName}`).waitFor();
    await screenshot(guestPage, "08-invitation");
    await guestPage.getByRole("button", { name: "Accept and join" }).click();
    await guestPage.waitForURL("**/campaigns");
    const switcher = guestPage.getByTestId("workspace-switcher");
    await switcher.getByText(workspaceName).waitFor();

    await switcher.click();
    await guestPage.getByRole("menuitem", { name: /Grace Hopper's workspace/ }).click();
    await switcher.getByText("Grace Hopper's workspace").waitFor();
    const me = await guestPage.evaluate(() => fetch("/api/v1/me").then((r) => r.json()));
    expect(me).toMatchObject({ role: "owner", workspace: { name: "Grace Hopper's workspace" } });

    await switcher.click();
    await guestPage.getByRole("menuitem", { name: "New workspace" }).click();
    await guestPage.getByRole("dialog").getByLabel("Name").fill("Compiler Outreach");
    await guestPage.getByRole("button", { name: "Create workspace" }).click();
    await switcher.getByText("Compiler Outreach").waitFor();
    await switcher.click();
    await guestPage.getByRole("menuitem", { name: /Analytical Outbound/ }).waitFor();
    await screenshot(guestPage, "09-workspace-switcher");
    await guestPage.keyboard.press("Escape");
    await context.close();

    await page.reload();
    const row = page.getByTestId("members-table").getByRole("row", { name: guest.email });
    expect(await row.getByLabel(`Role of ${guest.email}`).inputValue()).toBe("Member");
    await screenshot(page, "10-members-joined");
  });

  it("slows down repeated failed log-ins with a clear message", async () => {
    const context = await browser!.newContext({ baseURL: app!.baseUrl, reducedMotion: "reduce" });
    page = await context.newPage();
    await page.goto("/login");
    let message = "";
    for (let attempt = 0; attempt < 10 && !message.includes("Too many"); attempt++) {
      const answered = page.waitForResponse((r) => r.url().includes("/api/auth/sign-in/email"));
      await logIn(`wrong password ${attempt}`);
      await answered;
      message = (await page.getByTestId("auth-error").textContent()) ?? "";
    }
    expect(message).toContain("Too many attempts, wait a minute");
    await page.locator("button[type=submit]:not([data-loading])").waitFor();
    await screenshot(page, "11-login-throttled");
  });
});
