import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Importing leads from a CSV in a real browser against `npm start` (web + worker).
describe("Leads in the browser", () => {
  let started: SignedInApp | undefined;
  let page: Page;

  beforeAll(async () => {
    started = await startSignedInApp({
      shared: "plain",
      user: { name: "Lena Leads", email: `lena+${Date.now()}@example.com`, workspaceName: "Lead Lab" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
  });

  it("imports a CSV with a bad row: maps the columns, shows progress, reports the bad row", async () => {
    await page.getByRole("link", { name: "Leads" }).click();
    await page.waitForURL("**/leads");
    await page.getByText("No leads yet").waitFor();

    await page.getByRole("button", { name: "Import CSV" }).click();
    const dialog = page.getByRole("dialog", { name: "Import leads from CSV" });
    await dialog.getByTestId("csv-dropzone").waitFor();
    await screenshot(page, "leads-01-dropzone");
    const csv = [
      "Email,First Name,Company,Industry",
      "ada@analytical.test,Ada,Analytical Engines,Computing",
      "grace@cobol.test,Grace,Navy,Compilers",
      "not-an-email,Charles,Difference Ltd,Computing",
      "alan@bletchley.test,Alan,Bletchley Park,Cryptography",
    ].join("\n");
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: "pioneers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

    const mapping = dialog.getByTestId("mapping-table");
    await mapping.waitFor();
    expect(await dialog.getByLabel("Import “Email” as").inputValue()).toBe("Email");
    expect(await dialog.getByLabel("Import “Industry” as").inputValue()).toBe("Custom field “Industry”");
    await dialog.getByText("New list", { exact: true }).click();
    await dialog.getByLabel("New list name").fill("Pioneers");
    await screenshot(page, "leads-02-mapping");

    await dialog.getByRole("button", { name: "Start import" }).click();
    await dialog
      .locator('[data-testid="import-progress"][data-status="completed"]')
      .waitFor({ timeout: 60_000 });
    expect(await dialog.getByTestId("stat-imported").textContent()).toBe("3");
    expect(await dialog.getByTestId("stat-failed").textContent()).toBe("1");
    const badRow = dialog.getByTestId("bad-rows").getByRole("row", { name: /not-an-email/ });
    expect(await badRow.textContent()).toMatch(/^4.*not-an-email.*invalid email "not-an-email": no @/);
    await screenshot(page, "leads-03-import-done");

    await dialog.getByRole("button", { name: "Done" }).click();
    const table = page.getByTestId("leads-table");
    await table.getByText("grace@cobol.test").waitFor();
    expect(await page.getByTestId("leads-total").textContent()).toBe("3 leads");
    await table.getByText("ada@analytical.test").click();
    await page.getByRole("dialog", { name: "ada@analytical.test" }).getByText("Computing").waitFor();
    await page.getByRole("dialog", { name: "ada@analytical.test" }).getByText("Pioneers").waitFor();
    await screenshot(page, "leads-04-table");
    await page.keyboard.press("Escape");
  });

  it("suppresses a whole domain", async () => {
    await page.goto("/leads");
    await page.getByRole("tab", { name: "Suppression" }).click();
    await page.getByLabel("Email or domain to suppress").fill("@competitor.test");
    await page.getByRole("button", { name: "Suppress" }).click();
    await page.getByTestId("suppressions-table").getByText("*@competitor.test").waitFor();
    await page.getByLabel("Email or domain to suppress").fill("nobody@");
    await page.getByRole("button", { name: "Suppress" }).click();
    await page.getByText(/no domain after the @/).waitFor();
    await screenshot(page, "leads-05-suppression");
  });

  it("lists the import and the new list with its size", async () => {
    await page.getByRole("tab", { name: "Imports" }).click();
    const imports = page.getByTestId("imports-table");
    await imports
      .getByRole("row", { name: /pioneers\.csv/ })
      .getByText("completed")
      .waitFor();
    await screenshot(page, "leads-06-imports");
    await page.getByRole("tab", { name: "Lists" }).click();
    const pioneers = page.getByTestId("lists-table").getByRole("row", { name: /Pioneers/ });
    expect(await pioneers.getByRole("cell").nth(1).textContent()).toBe("3");
    await pioneers.getByRole("button", { name: "Pioneers", exact: true }).click();
    await page.getByTestId("leads-total").getByText("3 leads").waitFor();
  });
});
