import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Issue 16's guidance and polish points in a real browser against `npm start` as a newcomer runs
// it: no registrar, no Stripe key, RDAP unreachable (the shared app points it at a closed loopback
// port, so nothing leaves the machine), and the app opened at 127.0.0.1 instead of localhost.
describe("What a newcomer is told, in the browser", () => {
  let started: SignedInApp | undefined;
  let app: SignedInApp["app"];
  let page: Page;
  const domain = `newcomer-${Date.now().toString(36)}.com`;

  beforeAll(async () => {
    started = await startSignedInApp({
      shared: "plain",
      viewport: { width: 1280, height: 900 },
      user: { name: "Gus Guided", workspaceName: "Guided Outbound" },
    });
    ({ app, page } = started);
  });

  afterAll(async () => {
    await started?.stop();
  });

  it("signs up at http://127.0.0.1 as well as localhost; the slug follows the workspace's name; the favicon is there", async () => {
    const loopback = app.baseUrl.replace("//localhost:", "//127.0.0.1:");
    const context = await started!.browser.newContext({ baseURL: loopback, reducedMotion: "reduce" });
    const other = await context.newPage();
    try {
      await other.goto("/signup");
      await other.getByRole("textbox", { name: /^Name/ }).fill("Lou Loopback");
      await other.getByLabel(/^Work email/).fill(`lou.${Date.now()}@example.com`);
      await other.getByLabel(/^Password/).fill("correct horse battery");
      await other.getByLabel(/^Workspace name/).fill("Loopback Labs");
      await other.getByRole("button", { name: "Create account" }).click();
      await other.waitForURL("**/campaigns");
      await other.goto("/settings/workspace");
      await other.getByText(/^loopback-labs-[0-9a-f]{6}$/).waitFor();
      await screenshot(other, "guidance-01-loopback-signup-slug");
      const icon = await other.request.get("/favicon.ico");
      expect(icon.status()).toBe(200);
      expect(icon.headers()["content-type"]).toMatch(/^image\//);
    } finally {
      await context.close();
    }
  });

  it("at an address the app does not know, sign-up says which address to use and the setting", async () => {
    const elsewhere = app.baseUrl.replace("//localhost:", "//127.0.0.2:");
    const context = await started!.browser.newContext({ baseURL: elsewhere, reducedMotion: "reduce" });
    const other = await context.newPage();
    try {
      await other.goto("/signup");
      await other.getByRole("textbox", { name: /^Name/ }).fill("Lee Elsewhere");
      await other.getByLabel(/^Work email/).fill(`lee.${Date.now()}@example.com`);
      await other.getByLabel(/^Password/).fill("correct horse battery");
      await other.getByLabel(/^Workspace name/).fill("Elsewhere Inc");
      await other.getByRole("button", { name: "Create account" }).click();
      const error = other.getByTestId("auth-error");
      await error.waitFor();
      expect(await error.textContent()).toBe(
        `this page was opened at ${elsewhere}, but Coldframe's address is ${app.baseUrl}: open it at ${app.baseUrl}, or set APP_URL to the address you use and restart`,
      );
      expect(new URL(other.url()).pathname).toBe("/signup");
      await screenshot(other, "guidance-01b-unknown-origin");
    } finally {
      await context.close();
    }
  });

  it("the domain shop says a registrar and payments are missing and where they are set", async () => {
    await page.goto("/domains/search");
    const notice = page.getByTestId("shop-readiness");
    await notice.getByText("The domain shop is not set up yet").waitFor();
    const registrar = notice.locator('[data-part="registrar"]');
    expect(await registrar.textContent()).toContain("No registrar is connected");
    expect(await notice.locator('[data-part="payments"]').textContent()).toContain("STRIPE_SECRET_KEY");

    // a search still answers, and a name that could not be checked says what failed
    await page.getByLabel("Names").fill("newcomer-shop");
    await page.getByRole("button", { name: "Search" }).click();
    const result = page.getByTestId("search-result").first();
    await result.waitFor({ timeout: 60_000 });
    const states = await page.getByTestId("availability").allTextContents();
    expect(states.length).toBeGreaterThan(0);
    for (const state of states) expect(state).toBe("Could not check");
    const why = (await result.textContent()) ?? "";
    expect(why).toContain("the public registration lookup (RDAP) failed: network error: fetch failed");
    expect(why).not.toContain("search again");
    await screenshot(page, "guidance-02-shop-not-set-up");

    await registrar.getByRole("link", { name: "Open Domain providers →" }).click();
    await page.waitForURL("**/settings/providers");
    // once the page knows what this server has, it says so, and never promises card payments
    const description = page.getByText(
      /^Connect your own registrar and DNS accounts\. This server has no registrar account of its own/,
    );
    await description.waitFor();
    expect(await description.textContent()).not.toContain("paid by card");
    // the same notice here, without a link to the page the reader is on
    await page.getByTestId("shop-readiness").locator('[data-part="registrar"]').waitFor();
    expect(await page.getByRole("link", { name: "Open Domain providers →" }).count()).toBe(0);
    await screenshot(page, "guidance-03-providers-no-claim");
  });

  it("a domain's age check that cannot reach RDAP says what failed and that it will retry", async () => {
    await page.goto("/domains");
    const form = page.getByTestId("add-domain");
    await form.getByLabel(/^Domain/).fill(domain);
    await form.getByRole("button", { name: "Add domain" }).click();
    const row = page.getByTestId("domain-row").and(page.locator(`[data-name="${domain}"]`));
    await row.getByRole("link", { name: domain }).click();
    await page.waitForURL("**/domains/*");
    // no mailbox yet: the SPF to publish would let no server send, and the page says what to do
    const spf = page.locator('[data-testid="dns-record"][data-purpose="spf"]');
    await spf.getByText("v=spf1 ~all").waitFor();
    await spf
      .getByTestId("spf-authorises-nobody")
      .getByText(/connect the mailboxes that send from this domain/)
      .waitFor();
    await page.getByRole("button", { name: "Check now" }).click();
    const age = page.getByTestId("health-item-age");
    await age.getByText(/the registry's RDAP service failed/).waitFor({ timeout: 60_000 });
    const text = (await age.textContent()) ?? "";
    expect(text).toMatch(/could not read the registration date: the registry's RDAP service failed \(.+\)/);
    expect(text).toContain("the next health check tries again");
    await screenshot(page, "guidance-04-age-check-failed");
  });

  it("the webhook form says which URLs it accepts, and takes an http:// one", async () => {
    await page.goto("/settings/webhooks");
    const url = page.getByLabel("Endpoint URL");
    const hint = page.getByText(/^http:\/\/ or https:\/\/\. A receiver on a private network/);
    await hint.waitFor();
    expect(await hint.textContent()).toContain("ALLOWED_PRIVATE_HOSTS");
    // the one private host this server allows, over plain http
    await url.fill("http://127.0.0.2:9/coldframe");
    await screenshot(page, "guidance-05-webhook-hint");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByTestId("created-webhook-secret").waitFor();
    await page.getByRole("button", { name: "I have stored it" }).click();
    await page.getByTestId("webhooks-table").getByText("http://127.0.0.2:9/coldframe").waitFor();
  });
});
