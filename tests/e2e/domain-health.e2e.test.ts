import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeRdap, startFakeRdap } from "../integration/fakes/rdap";
import { type DnsServer, dnsServerEnv, startDnsServer } from "../integration/helpers/dns-server";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// The domains list and a domain's health page in a real browser against `npm start`, with the
// app's DNS on a private PowerDNS (managed DNS writes there; checks read from it) and RDAP on a
// local server that knows the domain as registered 10 days ago.
describe("Domain health in the browser", () => {
  let started: SignedInApp | undefined;
  let dns: DnsServer | undefined;
  let rdap: FakeRdap | undefined;
  let page: Page;
  const name = `outreach-${Date.now().toString(36)}.com`;

  beforeAll(async () => {
    dns = await startDnsServer();
    rdap = await startFakeRdap({ tlds: ["com"] });
    rdap.domains.set(name, { createdAt: new Date(Date.now() - 10 * 86_400_000) });
    await dns.createZone("dbl.spamhaus.org");
    started = await startSignedInApp({
      env: {
        ...dnsServerEnv(dns),
        RDAP_BOOTSTRAP_URL: rdap.bootstrapUrl,
        TRACKING_CNAME_TARGET: "app.coldframe.test",
        DNSBL_ZONES: "dbl.spamhaus.org",
      },
      user: { name: "Dana Domains", workspaceName: "Domain Co" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await rdap?.close();
    await dns?.close();
  });

  it("adds a domain with managed DNS and sees its checks pass and the age warning", async () => {
    await page.goto("/domains");
    const form = page.getByTestId("add-domain");
    await form.getByLabel(/^Domain/).fill(name);
    await form.getByLabel(/^Tracking host/).fill(`track.${name}`);
    await form.getByLabel(/^Set up my DNS for me/).check();
    await form
      .locator("input")
      .and(page.getByLabel("Mailboxes on this domain (SPF)", { exact: true }))
      .click();
    await page.getByRole("option", { name: "My own SMTP servers" }).click();
    await form.getByLabel("SMTP hosts or IP addresses to authorize").fill("127.0.0.1");
    await form
      .locator("input")
      .and(page.getByLabel("Receive mail (MX)", { exact: true }))
      .click();
    await page.getByRole("option", { name: "Google Workspace" }).click();
    await screenshot(page, "domain-health-01-add");
    await form.getByRole("button", { name: "Add domain" }).click();

    const row = page.getByTestId("domain-row").and(page.locator(`[data-name="${name}"]`));
    await row.waitFor();
    // setup → propagation → first health check run as jobs; the list follows them
    await row.getByTestId("mark-dkim").and(page.locator('[data-state="pass"]')).waitFor({ timeout: 120_000 });
    for (const k of ["spf", "dkim", "dmarc", "mx"]) {
      expect(await row.getByTestId(`mark-${k}`).getAttribute("data-state"), k).toBe("pass");
    }
    await row.getByTestId("age-warning").getByText("new domain — ramp up slowly").waitFor();
    await screenshot(page, "domain-health-02-list");

    await row.getByRole("link", { name }).click();
    await page.waitForURL("**/domains/*");
    await page.getByTestId("domain-name").getByText(name).waitFor();
    await page.getByTestId("score-card").waitFor();
    await page.getByRole("alert").getByText("new domain — ramp up slowly").waitFor();
    for (const k of ["spf", "dkim", "dmarc", "mx"]) {
      expect(await page.getByTestId(`mark-${k}`).getAttribute("data-state"), k).toBe("pass");
    }
    await page.locator('[data-testid="dns-record"][data-purpose="dkim"][data-state="propagated"]').waitFor();
    await screenshot(page, "domain-health-03-page");
  });

  it("after a record is deleted at the DNS server, “Check now” turns its mark red and lowers the score", async () => {
    const before = Number(await page.getByTestId("score-card").getByTestId("health-score").textContent());
    const records = (await page.evaluate(
      (id) => fetch(`/api/v1/domains/${id}/dns`).then((r) => r.json()),
      page.url().split("/").pop()!,
    )) as { records: { purpose: string; name: string }[] };
    const dkim = records.records.find((r) => r.purpose === "dkim")!;
    await dns!.deleteRecord(dkim.name, "TXT");

    await page.getByRole("button", { name: "Check now" }).click();
    await page.getByTestId("mark-dkim").and(page.locator('[data-state="fail"]')).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="dns-record"][data-purpose="dkim"][data-state="missing"]').waitFor();
    await page.getByTestId("health-item-dkim").getByText(`no DKIM record at ${dkim.name}`).waitFor();
    const after = Number(await page.getByTestId("score-card").getByTestId("health-score").textContent());
    expect(after).toBe(before - 25);
    expect(await page.getByTestId("mark-spf").getAttribute("data-state")).toBe("pass");
    await screenshot(page, "domain-health-04-dkim-deleted");
  });
});
