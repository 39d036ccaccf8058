import { simpleParser } from "mailparser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../helpers/until";
import { startSmtpCapture } from "../integration/helpers/smtp-capture";
import { screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// The app's own email in a real browser against `npm start`: the verify-email banner and its
// Resend, Settings → Notifications (the switches, the verified state, the workspace's sender),
// with the server's mailer pointed at a loopback SMTP server that keeps what it receives; and the
// same page on a server with no mailer at all.
describe("Notifications and email verification, with a mailer", () => {
  let started: SignedInApp | undefined;
  let page: Page;
  let capture: Awaited<ReturnType<typeof startSmtpCapture>>;

  beforeAll(async () => {
    capture = await startSmtpCapture();
    started = await startSignedInApp({
      env: {
        SYSTEM_SMTP_URL: `smtp://ops:pw@127.0.0.1:${capture.port}/?ignoreTLS=true`,
        SYSTEM_MAIL_FROM: "Coldframe <ops@coldframe-ops.test>",
      },
      viewport: { width: 1280, height: 860 },
      user: { name: "Vera Verify", workspaceName: "Verified Outbound" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await capture?.close();
  });

  /** The verification links sent to the signed-up person so far. */
  const links = async () => {
    const mails = await Promise.all(capture.to(started!.user!.email).map((m) => simpleParser(m.raw)));
    return mails
      .filter((m) => /Verify your email/.test(m.subject ?? ""))
      .map((m) => m.text?.match(/(http\S+\/api\/auth\/verify-email\?\S+)/)?.[1])
      .filter((l): l is string => Boolean(l));
  };

  it("shows the verify banner after sign-up, and Resend sends another link", async () => {
    const email = started!.user!.email;
    const banner = page.getByTestId("verify-email-banner");
    await banner.getByText(`Verify your email — we sent a link to ${email}`).waitFor();
    await until("the sign-up's verification email", async () => (await links()).length === 1);
    await screenshot(page, "notifications-01-verify-banner");
    await banner.getByRole("button", { name: "Resend" }).click();
    await banner.getByText("a new link is on its way").waitFor();
    await until("a second verification email", async () => (await links()).length === 2);
  });

  it("the notifications page: off by default, each switch saved, the sender named", async () => {
    await page.goto("/settings/workspace");
    await page.getByRole("tab", { name: "Notifications" }).click();
    await page.waitForURL("**/settings/notifications");
    await page.getByTestId("email-unverified").waitFor();
    for (const label of ["Campaign paused", "Mailbox error", "Domain health changed", "Daily digest"])
      expect(await page.getByRole("switch", { name: label }).isChecked()).toBe(false);
    await page.getByRole("switch", { name: "Campaign paused" }).click({ force: true });
    await page.getByRole("switch", { name: "Daily digest" }).click({ force: true });
    await until("both switches saved", async () => {
      const saved = await page.evaluate(() => fetch("/api/v1/me/notifications").then((r) => r.json()));
      return saved.campaignPaused && saved.dailyDigest && !saved.mailboxError;
    });
    await page.reload();
    await page.getByTestId("email-unverified").waitFor();
    expect(await page.getByRole("switch", { name: "Campaign paused" }).isChecked()).toBe(true);
    expect(await page.getByRole("switch", { name: "Daily digest" }).isChecked()).toBe(true);
    expect(await page.getByRole("switch", { name: "Mailbox error" }).isChecked()).toBe(false);
    expect(await page.getByTestId("mailer-select").inputValue()).toBe(
      "The server's mailer (SYSTEM_SMTP_URL)",
    );
    expect(await page.getByTestId("notifications-no-mailer").count()).toBe(0);
    await screenshot(page, "notifications-02-settings");
  });

  it("following the emailed link verifies the address: the badge says so and the banner is gone", async () => {
    const [link] = (await links()).slice(-1);
    await page.goto(link!);
    await page.goto("/settings/notifications");
    await page.getByTestId("email-verified").waitFor();
    expect(await page.getByTestId("verify-email-banner").count()).toBe(0);
    await screenshot(page, "notifications-03-verified");
  });
});

describe("Notifications on a server with no mailer", () => {
  let started: SignedInApp | undefined;
  let page: Page;

  beforeAll(async () => {
    started = await startSignedInApp({
      shared: "plain",
      viewport: { width: 1280, height: 860 },
      user: { name: "Nora Nomail", workspaceName: "Quiet Outbound" },
    });
    ({ page } = started);
  });

  afterAll(async () => {
    await started?.stop();
  });

  it("asks for no verification, and says the emails are not sent until a mailer exists", async () => {
    expect(await page.getByTestId("verify-email-banner").count()).toBe(0);
    await page.goto("/settings/notifications");
    await page.getByTestId("notifications-no-mailer").waitFor();
    await page.getByTestId("no-mailer").getByText("no mailbox is chosen").waitFor();
    await page.getByText("This server cannot send email yet, so the address cannot be verified").waitFor();
    expect(await page.getByTestId("mailer-select").inputValue()).toBe("None (this server has no mailer)");
    await screenshot(page, "notifications-04-no-mailer");
  });
});
