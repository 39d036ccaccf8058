import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../helpers/until";
import { type MailServer, startMailServer } from "../integration/helpers/mail-server";
import { checkMailUntil, screenshot } from "./helpers";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// The unified inbox in a real browser against `npm start`: empty, then with a real reply synced
// over IMAP from a connected mailbox (Postfix + Dovecot), read, reclassified and answered; then the
// issue's "done when": a campaign launched in the browser emails a lead, the lead answers from an
// ordinary client (In-Reply-To/References only), and the inbox shows the conversation linked to
// the campaign with the lead replied, as does the campaign's lead list.
describe("Inbox in the browser", () => {
  let started: SignedInApp | undefined;
  let app: SignedInApp["app"];
  let mail: MailServer | undefined;
  let page: Page;
  const sender = { email: `alex.${Date.now()}@example.test`, password: "app password 1" };
  const prospect = { email: `jo.${Date.now()}@example.test`, password: "prospect pw 1" };

  beforeAll(async () => {
    mail = await startMailServer();
    await mail.addUser(sender.email, sender.password);
    await mail.addUser(prospect.email, prospect.password);
    started = await startSignedInApp({
      shared: "mail",
      viewport: { width: 1280, height: 800 },
      user: { name: "Alex Carter", workspaceName: "Acme Outbound" },
    });
    ({ app, page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await mail?.stop();
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

    // the worker reads every mailbox each minute; "Check for new mail" reads them now
    await page.goto("/inbox");
    const row = page.getByTestId("thread-row").filter({ hasText: "Quick question about Acme" });
    await checkMailUntil(page, "the reply synced into the inbox", row, { detail: () => app.output() });
    await page
      .getByTestId("check-mail-status")
      .filter({ hasText: /^Up to date: 1 mailbox checked/ })
      .waitFor();
    expect(await row.getByLabel("Unread").count()).toBe(1);
    await screenshot(page, "inbox-01-list");

    await row.click();
    const view = page.getByTestId("thread-view");
    await view.getByText("Sounds interesting, can you send pricing?").waitFor();
    expect(await view.getByText("Would you be open to a quick chat?").isVisible()).toBe(false);
    await view.getByRole("button", { name: "Show quoted text" }).click();
    await view.getByText(/Would you be open to a quick chat\?/).waitFor();
    await row.getByLabel("Unread").waitFor({ state: "detached" }); // opening it marked it read
    // a message from someone no campaign wrote to links to no lead, and the pane says so and why
    await view.getByTestId("link-panel").getByText("Not linked to a lead").waitFor();
    await view
      .getByTestId("link-panel")
      .getByText(/No likely lead/)
      .waitFor();

    await view.getByTestId("classify-select").click();
    await page.getByRole("option", { name: "Meeting request" }).click();
    await row.getByText("Meeting request").waitFor();

    await view.getByLabel("Reply").fill("Sure, pricing attached. Does Thursday work?");
    await view.getByRole("button", { name: "Send" }).click();
    await view.getByTestId("message-outbound").getByText("Does Thursday work?").waitFor();
    await screenshot(page, "inbox-02-thread");
  });

  it("links a lead's reply to the campaign it answers: campaign name and replied at a glance", async () => {
    const lead = { email: `robin.${Date.now()}@northwind.test`, password: "lead pw 1" };
    await mail!.addUser(lead.email, lead.password);
    // set-up through the API with the browser's session: a lead and a one-step campaign on the mailbox
    const campaignId = await page.evaluate(
      async ({ leadEmail, senderEmail }) => {
        const call = async (path: string, body?: unknown) => {
          const res = await fetch(path, {
            method: body === undefined ? "GET" : "POST",
            headers: body === undefined ? undefined : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
          return res.json();
        };
        const boxes = (await call("/api/v1/mailboxes")) as { data: { id: string; email: string }[] };
        const mailbox = boxes.data.find((m) => m.email === senderEmail)!;
        const created = (await call("/api/v1/leads", { email: leadEmail, firstName: "Robin" })) as {
          id: string;
        };
        const campaign = (await call("/api/v1/campaigns", {
          name: "Northwind pilot",
          timezone: "UTC",
          sendDays: [0, 1, 2, 3, 4, 5, 6],
          sendStartMinute: 0,
          sendEndMinute: 1440,
          mailboxIds: [mailbox.id],
          steps: [
            {
              variants: [
                {
                  subject: "A pilot for Northwind?",
                  bodyText: "Hi {{firstName}}, would a pilot help?\n\nNot for you? {{unsubscribeUrl}}",
                },
              ],
            },
            {
              delayMinutes: 3 * 24 * 60,
              variants: [{ subject: "", bodyText: "Just checking in, {{firstName}}." }],
            },
          ],
        })) as { id: string };
        await call(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: [created.id] });
        return campaign.id;
      },
      { leadEmail: lead.email, senderEmail: sender.email },
    );

    // launched in the browser; the worker's per-minute tick sends the first email
    await page.goto(`/campaigns/${campaignId}`);
    await page.getByRole("button", { name: "Launch" }).click();
    await page
      .getByRole("dialog", { name: "Ready to launch" })
      .getByRole("button", { name: "Launch now" })
      .click();
    await page.getByTestId("campaign-status").getByText("active").waitFor();
    const sent = page.getByTestId("stat-sent-value");
    await expect
      .poll(async () => Number(await sent.textContent({ timeout: 5000 })), {
        timeout: 180_000,
        interval: 2000,
      })
      .toBeGreaterThanOrEqual(1)
      .catch((err) => {
        throw new Error(`the campaign email was not sent in time:\n${app!.output()}`, { cause: err });
      });

    // the lead's own mail client: our email in their INBOX, answered with threading headers only
    const imap = new ImapFlow({
      host: mail!.host,
      port: mail!.imapPort,
      secure: false,
      auth: { user: lead.email, pass: lead.password },
      logger: false,
    });
    await imap.connect();
    const received = await until(
      "the campaign email at the lead",
      async () => {
        let envelope: { messageId?: string; subject?: string } | undefined;
        const lock = await imap.getMailboxLock("INBOX");
        try {
          for await (const m of imap.fetch("1:*", { envelope: true })) envelope = m.envelope;
        } catch {
          // empty mailbox: nothing to fetch yet
        } finally {
          lock.release();
        }
        return envelope;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    await imap.logout();
    expect(received.subject).toBe("A pilot for Northwind?");
    await nodemailer
      .createTransport({
        host: mail!.host,
        port: mail!.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: lead.email, pass: lead.password },
      })
      .sendMail({
        from: `Robin Lee <${lead.email}>`,
        to: sender.email,
        subject: "Re: A pilot for Northwind?",
        inReplyTo: received.messageId,
        references: [received.messageId!],
        text: "Yes, a pilot could work for us. What would it cost?\n\nOn Tue, Alex Carter wrote:\n> Hi Robin, would a pilot help?\n",
      });

    // the next sync links it: the list shows the campaign and the lead's state in it at a glance
    await page.goto("/inbox");
    const row = page.getByTestId("thread-row").filter({ hasText: "A pilot for Northwind?" });
    await checkMailUntil(page, "the campaign reply synced into the inbox", row, {
      detail: () => app.output(),
    });
    await row.getByText("Northwind pilot").waitFor();
    expect(await row.getByTestId("lead-campaign-status").textContent()).toBe("replied");
    await screenshot(page, "inbox-03-campaign-reply-list");

    await row.click();
    const view = page.getByTestId("thread-view");
    await view.getByText("Yes, a pilot could work for us. What would it cost?").waitFor();
    await view.getByText("Hi Robin, would a pilot help?").first().waitFor(); // our email, in the thread
    // the lead's live unsubscribe link is never offered to a teammate reading the thread
    const ours = (await view.getByTestId("message-outbound").first().textContent()) ?? "";
    expect(ours).toContain("Not for you? [unsubscribe link]");
    expect(ours).not.toMatch(/\/u\//);
    expect(await view.getByTestId("thread-lead").textContent()).toContain(lead.email);
    // how it was linked, and to which of our emails
    await view
      .getByTestId("link-explanation")
      .getByText(
        /^Linked by its (In-Reply-To|References) header .* to the email of .*"A pilot for Northwind\?"$/,
      )
      .waitFor();
    expect(await view.getByTestId("link-panel").count()).toBe(0);
    expect(await view.getByTestId("lead-campaign-status").textContent()).toBe("replied");
    await screenshot(page, "inbox-04-campaign-reply-thread");

    // the campaign's results say the same
    await view.getByRole("link", { name: "Northwind pilot" }).click();
    await page.waitForURL(`**/campaigns/${campaignId}`);
    const leadRow = page
      .getByTestId("campaign-leads-table")
      .getByRole("row", { name: new RegExp(lead.email.replace(/\./g, "\\.")) });
    // the state badge (the "Stopped because" cell says "replied" too)
    await leadRow
      .locator(".mantine-Badge-root")
      .filter({ hasText: /^replied$/ })
      .waitFor();
    expect(await page.getByTestId("stat-replied-value").textContent()).toBe("100%");
    await screenshot(page, "inbox-05-campaign-results-replied");

    // the lead's own history: the campaign and where it stands, the email and the reply
    await page.goto("/leads");
    await page.getByTestId("leads-table").getByText(lead.email).click();
    const drawer = page.getByRole("dialog", { name: lead.email });
    const history = drawer.getByTestId("lead-history");
    const inCampaign = history.getByTestId("lead-campaign").filter({ hasText: "Northwind pilot" });
    await inCampaign
      .locator(".mantine-Badge-root")
      .filter({ hasText: /^replied$/ })
      .waitFor();
    const replied = history.locator('[data-type="replied"]');
    await replied.waitFor();
    await history.locator('[data-type="email_sent"]').filter({ hasText: "step 1" }).waitFor();
    await history.locator('[data-type="added_to_campaign"]').waitFor();
    await screenshot(page, "inbox-06-lead-history");
    // its reply opens the conversation in the inbox
    await replied.getByRole("link").click();
    await page.waitForURL("**/inbox?thread=*");
    await page.getByTestId("thread-lead").filter({ hasText: lead.email }).waitFor();
  });
  it("a bounce's conversation offers no reply box, and says why", async () => {
    // a message to an address the mail server does not have: Postfix returns a delivery report
    await nodemailer
      .createTransport({
        host: mail!.host,
        port: mail!.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: sender.email, pass: sender.password },
      })
      .sendMail({
        from: `Alex Carter <${sender.email}>`,
        to: `nobody.${Date.now()}@example.test`,
        subject: "Hello from Acme",
        text: "Hi there.",
      });
    await page.goto("/inbox");
    const row = page.getByTestId("thread-row").filter({ hasText: /Undelivered|Delivery Status|Returned/i });
    await checkMailUntil(page, "the bounce synced into the inbox", row.first(), {
      detail: () => `${app.output()}\npostfix:\n${mail!.logs().postfix.slice(-3000)}`,
    });
    await row.first().click();
    const view = page.getByTestId("thread-view");
    await view.getByTestId("no-reply-note").waitFor();
    expect(await view.getByLabel("Reply").count()).toBe(0);
    await screenshot(page, "inbox-06-bounce-no-reply");
  });
});
