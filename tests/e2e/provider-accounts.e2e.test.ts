import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeCloudflareRegistrar,
  startFakeCloudflareRegistrar,
} from "../integration/fakes/cloudflare-registrar";
import { type FakeNamecom, startFakeNamecom } from "../integration/fakes/namecom";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Settings → Domain providers against `npm start`, with the local Cloudflare and Name.com APIs
// standing in for the real ones (CLOUDFLARE_BASE_URL, NAMECOM_API_URL).
describe("Domain providers settings in the browser", () => {
  let started: SignedInApp | undefined;
  let page: Page;
  let cf: FakeCloudflareRegistrar;
  let nc: FakeNamecom;

  beforeAll(async () => {
    [cf, nc] = await Promise.all([startFakeCloudflareRegistrar(), startFakeNamecom()]);
    started = await startSignedInApp({
      env: { CLOUDFLARE_BASE_URL: cf.baseUrl, NAMECOM_API_URL: nc.apiUrl },
      viewport: { width: 1280, height: 860 },
      user: { name: "Rory Registrar", workspaceName: "Domains Inc" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await Promise.all([cf?.close(), nc?.close()]);
  });

  it("adds Cloudflare and Name.com accounts, tests their connections, and removes one", async () => {
    await page.goto("/settings/workspace");
    await page.getByRole("tab", { name: "Domain providers" }).click();
    await page.waitForURL("**/settings/providers");
    await page.getByText("No provider accounts yet").waitFor();
    // this server has no registrar account of its own and no Stripe: the page says so, and where
    // each is set, instead of promising domains "paid by card"
    const notice = page.getByTestId("shop-readiness");
    const registrar = notice.locator('[data-part="registrar"]');
    await registrar.getByText(/No registrar is connected/).waitFor();
    // the reader is on Domain providers already: no link to it (the shop's notice has one)
    expect(await registrar.getByRole("link").count()).toBe(0);
    await notice
      .locator('[data-part="payments"]')
      .getByText(/STRIPE_SECRET_KEY/)
      .waitFor();
    expect(await page.getByText(/paid by card/).count()).toBe(0);
    await screenshot(page, "provider-accounts-00-not-set-up");

    // Cloudflare: a malformed account id is refused beside its field
    await page.getByLabel("Label").fill("Main Cloudflare");
    await page.getByLabel("API token").fill(cf.token);
    await page.getByLabel("Account ID").fill("my-account");
    await page.getByRole("button", { name: "Add Cloudflare account" }).click();
    await page.getByText("a Cloudflare account id is 32 hexadecimal characters").waitFor();
    await page.getByLabel("Account ID").fill(cf.accountId);
    await page.getByRole("switch", { name: "Registrar Sandbox" }).check();
    await page.getByRole("button", { name: "Add Cloudflare account" }).click();
    const cfRow = page.getByTestId("provider-accounts-table").getByRole("row", { name: /Main Cloudflare/ });
    await cfRow.getByText("Not tested").waitFor();
    await cfRow.getByText(`Account ${cf.accountId} · Registrar Sandbox`).waitFor();
    // the token went to the server and never comes back
    const listed = await page.evaluate(() => fetch("/api/v1/provider-accounts").then((r) => r.text()));
    expect(listed).not.toContain(cf.token);

    const before = cf.requests.length;
    await cfRow.getByRole("button", { name: "Test connection" }).click();
    await cfRow.getByText("Connected").waitFor({ timeout: 20_000 });
    // a registrar of the workspace's own: only payments are missing now
    await notice.locator('[data-part="registrar"]').waitFor({ state: "detached" });
    await notice.locator('[data-part="payments"]').waitFor();
    expect(cf.requests.slice(before).some((r) => r.path.includes("/registrar-sandbox/"))).toBe(true);

    // Name.com with a revoked token: the test fails and says why
    await page.getByText("Name.com", { exact: true }).first().click();
    await page.getByLabel("Label").fill("Old Name.com");
    await page.getByRole("textbox", { name: "Username" }).fill(nc.username);
    await page.getByRole("textbox", { name: "API token" }).fill("revoked-token-123456");
    await page.getByRole("button", { name: "Add Name.com account" }).click();
    const ncRow = page.getByTestId("provider-accounts-table").getByRole("row", { name: /Old Name\.com/ });
    await ncRow.getByText("Not tested").waitFor();
    await ncRow.getByRole("button", { name: "Test connection" }).click();
    await ncRow.getByText("Failed").waitFor({ timeout: 20_000 });
    const error = page.getByTestId("provider-account-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("The provider refused these credentials");
    await screenshot(page, "provider-accounts-01-tested");

    await cfRow.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove account" }).click();
    await cfRow.waitFor({ state: "detached" });
    await ncRow.waitFor();
    await screenshot(page, "provider-accounts-02-removed");
  });
});
