import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Webhook endpoints in a real browser against `npm start`. The SSRF guard holds in every process:
// a loopback URL is refused, except the one address the operator allows (ALLOWED_PRIVATE_HOSTS),
// which stands in for a receiver here so no packet leaves the machine.
describe("Webhooks settings in the browser", () => {
  let started: SignedInApp | undefined;
  let page: Page;

  beforeAll(async () => {
    // the shared app allows 127.0.0.2 (ALLOWED_PRIVATE_HOSTS) and nothing else private
    started = await startSignedInApp({
      shared: "plain",
      viewport: { width: 1280, height: 860 },
      user: { name: "Wren Hooks", workspaceName: "Hooked Inc" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
  });

  it("refuses a private URL, adds an endpoint showing its secret once, tests it, turns it off and on, deletes it", async () => {
    await page.goto("/settings/api-keys");
    await page.getByRole("tab", { name: "Webhooks" }).click();
    await page.waitForURL("**/settings/webhooks");
    await page.getByText("No webhook endpoints yet").waitFor();

    await page.getByLabel("Endpoint URL").fill("http://127.0.0.1:9/hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page
      .getByText(
        "webhook URL refused: 127.0.0.1 is a private address; an operator can allow it with ALLOWED_PRIVATE_HOSTS",
      )
      .first()
      .waitFor();

    // nothing listens on port 9 of 127.0.0.2: the test event is refused there
    await page.getByLabel("Endpoint URL").fill("http://127.0.0.2:9/coldframe");
    await page.getByLabel("lead.bounced").check();
    await page.getByLabel("reply.received").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const shown = page.getByTestId("created-webhook-secret");
    await shown.waitFor();
    expect((await shown.textContent())?.trim()).toMatch(/^whsec_/);
    await screenshot(page, "webhooks-01-secret");
    await page.getByRole("button", { name: "I have stored it" }).click();

    const row = page.getByTestId("webhooks-table").getByRole("row", { name: /127\.0\.0\.2/ });
    await row.getByText("lead.bounced").waitFor();
    await row.getByText("reply.received").waitFor();
    const listed = await page.evaluate(() => fetch("/api/v1/webhooks").then((r) => r.text()));
    expect(listed).not.toContain("whsec_");

    await row.getByRole("button", { name: "Send test" }).click();
    const result = row.getByTestId("webhook-test-result");
    await result.waitFor({ timeout: 20_000 });
    expect(await result.textContent()).toMatch(/^Test event failed: /);
    await row.getByRole("button", { name: "Send test" }).and(page.locator(":not([data-loading])")).waitFor();
    await screenshot(page, "webhooks-02-tested");

    // turned off, it receives nothing until turned back on; the state survives a reload
    const toggle = row.getByRole("switch", { name: /Deliver events to/ });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click({ force: true });
    await row.getByTestId("webhook-disabled-note").waitFor();
    await page.reload();
    const reloaded = page.getByTestId("webhooks-table").getByRole("row", { name: /127\.0\.0\.2/ });
    await reloaded.getByTestId("webhook-disabled-note").waitFor();
    expect(await reloaded.getByRole("switch", { name: /Deliver events to/ }).isChecked()).toBe(false);
    const state = await page.evaluate(() => fetch("/api/v1/webhooks").then((r) => r.json()));
    expect(state.data[0].enabled).toBe(false);
    await screenshot(page, "webhooks-03-disabled");
    await reloaded.getByRole("switch", { name: /Deliver events to/ }).click({ force: true });
    await reloaded.getByTestId("webhook-disabled-note").waitFor({ state: "detached" });

    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByText("No webhook endpoints yet").waitFor();
  });
});
