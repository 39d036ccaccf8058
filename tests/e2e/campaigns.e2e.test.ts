import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MailServer, startMailServer } from "../integration/helpers/mail-server";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// The campaign issue's browser scenario against `npm start` (web + worker): import a CSV and watch
// the progress bar finish, build a two-step campaign with a fallback variable, preview it for real
// leads, see launch refused with its problems listed, then connect a mailbox (real Postfix +
// Dovecot on loopback), launch, and watch the first email go out.
describe("Campaigns in the browser", () => {
  let started: SignedInApp | undefined;
  let app: SignedInApp["app"];
  let mail: MailServer | undefined;
  let page: Page;
  let campaignUrl = "";
  const sender = { email: `sam.${Date.now()}@outreach.test`, password: "app password 1" };
  const leadEmails = ["ada@analytical.test", "grace@cobol.test", "alan@bletchley.test", "kat@nasa.test"];

  beforeAll(async () => {
    mail = await startMailServer();
    await mail.addUser(sender.email, sender.password);
    for (const email of leadEmails) await mail.addUser(email, "lead password");
    started = await startSignedInApp({
      shared: "mail",
      user: { name: "Cam Paign", email: `cam+${Date.now()}@example.com`, workspaceName: "Campaign Co" },
    });
    ({ app, page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await mail?.stop();
  });

  /** Open a Mantine Select by its label and pick an option. */
  async function choose(label: string, option: string | RegExp) {
    // the label names the input and its listbox: click the input
    await page
      .locator("input")
      .and(page.getByLabel(label, { exact: true }))
      .click();
    await page.getByRole("option", { name: option }).click();
  }

  it("imports a CSV with a bad row and sees the progress bar finish", async () => {
    await page.getByTestId("empty-state").getByText("No campaigns yet").waitFor();
    // a new workspace's first steps, none done yet, each with where to do it
    const checklist = page.getByTestId("getting-started");
    await checklist.getByTestId("getting-started-progress").getByText("0 of 4 done").waitFor();
    await checklist.getByRole("link", { name: "Connect a mailbox →" }).waitFor();
    await checklist.getByRole("link", { name: "Upload a CSV →" }).waitFor();
    await screenshot(page, "campaign-01-empty");
    await page.getByRole("link", { name: "Leads" }).click();
    await page.getByRole("button", { name: "Import CSV" }).click();
    const dialog = page.getByRole("dialog", { name: "Import leads from CSV" });
    const csv = [
      "Email,First Name,Company,Industry",
      "ada@analytical.test,Ada,Analytical Engines,computing",
      "grace@cobol.test,,US Navy,compilers", // no first name: the fallback fills in
      "not-an-email,Charles,Difference Ltd,computing",
      "alan@bletchley.test,Alan,,cryptography", // no company: launch must say so
      "kat@nasa.test,Katherine,NASA,aerospace",
    ].join("\n");
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: "pioneers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await dialog.getByTestId("mapping-table").waitFor();
    await dialog.getByText("New list", { exact: true }).click();
    await dialog.getByLabel("New list name").fill("Pioneers");
    await dialog.getByRole("button", { name: "Start import" }).click();

    const progress = dialog.locator('[data-testid="import-progress"][data-status="completed"]');
    await progress.waitFor({ timeout: 60_000 });
    expect(await progress.getByText("100%").count()).toBe(1);
    expect(await dialog.getByTestId("stat-imported").textContent()).toBe("4");
    expect(await dialog.getByTestId("stat-failed").textContent()).toBe("1");
    await screenshot(page, "campaign-02-import-done");
    await dialog.getByRole("button", { name: "Done" }).click();
  });

  it("creates a draft and writes a two-step sequence with a fallback and a picked variable", async () => {
    await page.getByRole("link", { name: "Campaigns" }).click();
    await page.getByRole("button", { name: "New campaign" }).click();
    await page.getByLabel("Campaign name").fill("Pioneers outreach");
    await page.getByRole("button", { name: "Create and open builder" }).click();
    await page.waitForURL(/\/campaigns\/[^/]+\/edit$/);
    campaignUrl = new URL(page.url()).pathname.replace(/\/edit$/, "");
    await page.getByText("No steps yet").waitFor();

    await page.getByRole("button", { name: "Add the first email" }).click();
    const first = page.getByTestId("step-1");
    await first.getByLabel("Subject (variant A)").fill('Quick question, {{firstName | "there"}}');
    const body = first.getByLabel("HTML body (variant A)");
    await body.fill('<p>Hi {{firstName | "there"}},</p>\n<p>How does {{company}} find new leads in ');
    await first.getByRole("button", { name: "Insert variable" }).click();
    await page.getByRole("menuitem", { name: "Industry" }).click();
    await page.keyboard.type("?</p>");
    expect(await body.inputValue()).toBe(
      '<p>Hi {{firstName | "there"}},</p>\n<p>How does {{company}} find new leads in {{Industry}}?</p>',
    );

    // an A/B test: variant B starts as a copy of A, with its own subject
    await first.getByRole("button", { name: "Add variant" }).click();
    await first.getByLabel("Subject (variant B)").fill('{Hi|Hello} {{firstName | "there"}}, an idea');
    await first.getByRole("tab", { name: /^Variant B/ }).waitFor();

    await page.getByRole("button", { name: "Add follow-up step" }).click();
    const second = page.getByTestId("step-2");
    await second.getByRole("textbox", { name: "Wait", exact: true }).fill("2");
    await second.getByLabel("HTML body (variant A)").fill('<p>Following up, {{firstName | "there"}}.</p>');
    await page.getByText("Unsaved changes", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved", { exact: true }).waitFor();
    await screenshot(page, "campaign-03-sequence");
  });

  it("adds the imported list and previews the email for real leads", async () => {
    await page.getByRole("tab", { name: /^Leads/ }).click();
    await choose("Lead list", "Pioneers (4)");
    await page.getByRole("button", { name: "Add list" }).click();
    await page.getByTestId("campaign-lead-count").getByText("4 leads in this campaign").waitFor();
    await page.getByTestId("campaign-leads-table").getByText("ada@analytical.test").waitFor();
    await screenshot(page, "campaign-04-leads");

    await page.getByRole("tab", { name: "Preview" }).click();
    await choose("Lead", /^Ada /);
    const subject = page.getByTestId("preview-subject");
    await subject.getByText("Quick question, Ada").waitFor();
    const html = page.frameLocator('[data-testid="preview-html"]');
    await html.getByText("Hi Ada,").waitFor();
    await html.getByText("How does Analytical Engines find new leads in computing?").waitFor();
    expect(await page.getByTestId("preview-text").textContent()).toContain("Hi Ada,");
    await screenshot(page, "campaign-05-preview");
    await page.locator("label").filter({ hasText: /^B$/ }).click();
    await subject.getByText(/^(Hi|Hello) Ada, an idea$/).waitFor();
    await page.locator("label").filter({ hasText: /^A$/ }).click();

    await choose("Lead", /grace@cobol\.test/);
    await subject.getByText("Quick question, there").waitFor();
    await choose("Lead", /^Alan /);
    await subject.getByText("Quick question, Alan").waitFor();
    await page.getByText("Empty variables for this lead").waitFor();
    await screenshot(page, "campaign-06-preview-missing");

    await choose("Step", "Step 2");
    await html.getByText("Following up, Alan.").waitFor();
  });

  it("refuses to launch without a mailbox and lists every problem with what to do", async () => {
    await page.getByRole("button", { name: "Launch" }).click();
    const problems = page.getByTestId("launch-problems");
    await problems.waitFor();
    await problems.getByText("Assign at least one mailbox").waitFor();
    await problems
      .getByText(/\{\{company\}\} is empty for 1 lead\(s\) \(e\.g\. alan@bletchley\.test\)/)
      .waitFor();
    expect(await page.getByTestId("campaign-status").first().textContent()).toBe("draft");
    await screenshot(page, "campaign-07-launch-problems");

    await problems.getByRole("button", { name: "Pick mailboxes" }).click();
    await page.getByText("Connect a mailbox first").waitFor();
    await screenshot(page, "campaign-08-no-mailbox");

    await problems.getByRole("button", { name: "Add a fallback" }).click();
    const first = page.getByTestId("step-1");
    for (const variant of ["A", "B"]) {
      await first.getByRole("tab", { name: new RegExp(`^Variant ${variant}`) }).click();
      const body = first.getByLabel(`HTML body (variant ${variant})`);
      await body.fill((await body.inputValue()).replace("{{company}}", '{{company | "your team"}}'));
    }
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved", { exact: true }).waitFor();
  });

  it("connects a mailbox, sends every day around the clock, launches and sends the first email", async () => {
    await page.getByRole("link", { name: "Mailboxes" }).click();
    await page.getByRole("button", { name: "Connect mailbox" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Connect a mailbox" });
    await dialog.getByText("Other (custom SMTP/IMAP)").click();
    await dialog.getByLabel("Email address").fill(sender.email);
    await dialog.getByLabel("From name").fill("Sam Sender");
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

    await page.getByRole("link", { name: "Campaigns" }).click();
    const row = page.getByTestId("campaigns-table").getByRole("row", { name: /Pioneers outreach/ });
    expect(await row.getByTestId("campaign-status").textContent()).toBe("draft");
    await screenshot(page, "campaign-09-list");
    await row.getByRole("link", { name: "Pioneers outreach" }).click();
    await page.waitForURL(`**${campaignUrl}/edit`);

    await page.getByRole("tab", { name: /^Mailboxes/ }).click();
    await page.getByRole("checkbox", { name: new RegExp(sender.email.replace(/\./g, "\\.")) }).check();
    await page
      .getByTestId("mailbox-capacity")
      .getByText(/^1 of 1 selected/)
      .waitFor();
    await screenshot(page, "campaign-10-mailboxes");
    await page.getByRole("tab", { name: "Schedule" }).click();
    for (const day of ["Sat", "Sun"])
      await page
        .locator("label")
        .filter({ hasText: new RegExp(`^${day}$`) })
        .click();
    await choose("From", "00:00");
    await choose("Until", "24:00");
    await screenshot(page, "campaign-11-schedule");

    // Launch saves the edits first, then says what will happen before the first email goes
    await page.getByRole("button", { name: "Launch" }).click();
    const summary = page.getByRole("dialog", { name: "Ready to launch" });
    await summary.getByTestId("launch-summary").waitFor();
    expect(await summary.getByTestId("summary-leads").textContent()).toBe("4");
    expect(await summary.getByTestId("summary-emails").textContent()).toBe("8");
    await summary.getByRole("cell", { name: sender.email }).waitFor();
    await summary
      .getByTestId("summary-when")
      .getByText(/the last one leaves around/)
      .waitFor();
    expect(await page.getByTestId("campaign-status").first().textContent()).toBe("draft");
    await screenshot(page, "campaign-11b-launch-summary");
    await summary.getByRole("button", { name: "Launch now" }).click();
    await page.getByTestId("campaign-status").getByText("active").waitFor();
    expect(await page.getByTestId("launch-problems").count()).toBe(0);
    // the checklist ticked itself off: a mailbox, leads, a launched campaign (no domain yet)
    await page.goto("/campaigns");
    const checklist = page.getByTestId("getting-started");
    await checklist.getByTestId("getting-started-progress").getByText("3 of 4 done").waitFor();
    expect(await checklist.getByTestId("step-campaign").getAttribute("data-done")).toBe("true");
    expect(await checklist.getByTestId("step-domain").getAttribute("data-done")).toBe("false");
    await screenshot(page, "campaign-11c-getting-started");
    await page.goto(`${campaignUrl}/edit`);
    await page.getByRole("link", { name: "Results" }).click();
    await page.waitForURL(`**${campaignUrl}`);
    await page.getByText("Activity by day").waitFor();
    await screenshot(page, "campaign-12-results-launched");

    // the worker's scheduler ticks every minute; the first email goes out on one of the next ticks
    const sent = page.getByTestId("stat-sent-value");
    await expect
      .poll(async () => Number(await sent.textContent({ timeout: 5000 })), {
        timeout: 180_000,
        interval: 2000,
      })
      .toBeGreaterThanOrEqual(1)
      .catch(async (err) => {
        await screenshot(page, "campaign-failed-no-send");
        throw new Error(
          `no email went out within 3 minutes of launch.\napp:\n${app!.output()}\npostfix:\n${mail!.logs().postfix.slice(-4000)}`,
          { cause: err },
        );
      });
    await page.getByTestId("campaign-leads-table").getByText("Step 2").first().waitFor();
    await page.getByTestId("activity-chart").waitFor();
    await page.getByTestId("step-stats").getByText("Variant B").waitFor();
    await screenshot(page, "campaign-13-results-sent");

    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByTestId("campaign-status").getByText("paused").waitFor();
    await page.getByRole("button", { name: "Resume" }).waitFor();
  });
  it("keeps a long campaign name inside its column and the status badge whole", async () => {
    const longName = `Q4-${"enterprise-saas-founders-dach-".repeat(3)}follow-up`; // 108 characters (at most 120)
    const created = await page.evaluate(
      (name) =>
        fetch("/api/v1/campaigns", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name }),
        }).then((r) => r.status),
      longName,
    );
    expect(created).toBe(201);
    await page.goto("/campaigns");
    const table = page.getByTestId("campaigns-table");
    await table.getByRole("link", { name: longName }).waitFor();
    await screenshot(page, "campaign-14-long-name");
    const layout = await table.evaluate((el) => {
      const labels = [...el.querySelectorAll('[data-testid="campaign-status"] .mantine-Badge-label')];
      const container = el.parentElement!;
      return {
        clipped: labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent),
        overflow: container.scrollWidth - container.clientWidth,
      };
    });
    expect(layout.clipped, "status badges cut short").toEqual([]);
    expect(layout.overflow, "the table scrolls sideways").toBeLessThanOrEqual(1);

    await table.getByRole("link", { name: longName }).click();
    await page.waitForURL("**/edit");
    const badge = page.getByTestId("campaign-status");
    await badge.waitFor();
    const clipped = await badge.evaluate((b) => {
      const label = b.querySelector(".mantine-Badge-label")!;
      return label.scrollWidth > label.clientWidth + 1;
    });
    expect(clipped, "the title bar's badge cut short").toBe(false);
    await screenshot(page, "campaign-15-long-name-title");
  });
});
