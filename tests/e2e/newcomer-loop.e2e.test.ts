import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../helpers/until";
import { type MailServer, startMailServer } from "../integration/helpers/mail-server";
import { checkMailUntil, screenshot } from "./helpers";
import { apiCall, folderSubjects, leadMailClient, type Received } from "./lead-mail-client";
import { type SignedInApp, startSignedInApp } from "./start-signed-in-app";

// Issue 16's "wrong or lost" points walked in a real browser against `npm start` with a real mail
// server: a campaign from two mailboxes (one with no gap, one 20 minutes apart) emails five people;
// one answers "interested" and then "thanks", one is out of office and then a helpdesk writes, one
// unsubscribes by the link, one address bounces, one never answers. The inbox keeps each thread's
// strongest signal, the campaign shows the return date, the mailboxes page the real pace, the Sent
// folder the copies, and "Add all active leads" in a second campaign skips who must not be emailed.
describe("The newcomer's loop in the browser", () => {
  let started: SignedInApp | undefined;
  let app: SignedInApp["app"];
  let mail: MailServer | undefined;
  let page: Page;
  const stamp = Date.now().toString(36);
  const fast = { email: `fern.${stamp}@outbound.test`, password: "fast mailbox 1" };
  const slow = { email: `sid.${stamp}@outbound.test`, password: "slow mailbox 1" };
  const person = (first: string) => ({
    email: `${first.toLowerCase()}.${stamp}@prospect.test`,
    password: `${first} pw 1`,
    name: `${first} Prospect`,
    first,
  });
  const ivy = person("Ivy"); // interested, then a thank-you
  const oscar = person("Oscar"); // out of office, then a helpdesk notice
  const uma = person("Uma"); // unsubscribes by the link
  const bob = person("Bob"); // no such mailbox: bounces
  const sam = person("Sam"); // never answers: still in the campaign
  const fresh = person("Fay"); // in no campaign yet
  const inFirst = [ivy, oscar, uma, bob, sam];
  const back = new Date(Date.now() + 20 * 86_400_000); // Oscar's return, 20 days from now
  const backText = `${back.getUTCDate()} ${back.toLocaleString("en-GB", { month: "long", timeZone: "UTC" })} ${back.getUTCFullYear()}`;
  let campaignId = "";
  const received = new Map<string, Received>();

  beforeAll(async () => {
    mail = await startMailServer();
    for (const m of [fast, slow]) await mail.addUser(m.email, m.password);
    for (const p of [ivy, oscar, uma, sam, fresh]) await mail.addUser(p.email, p.password);
    started = await startSignedInApp({
      shared: "mail",
      viewport: { width: 1280, height: 900 },
      user: { name: "Nora Newcomer", workspaceName: "Newcomer Co" },
    });
    ({ app, page } = started);
  });

  afterAll(async () => {
    await started?.stop();
    await mail?.stop();
  });

  /** Open a Mantine Select by its label and pick an option. */
  async function choose(label: string, option: string | RegExp) {
    await page
      .locator("input")
      .and(page.getByLabel(label, { exact: true }))
      .click();
    await page.getByRole("option", { name: option }).click();
  }

  /** The worker syncs every mailbox each minute: reload until the locator shows. */
  async function waitAfterReloads(what: string, target: Locator, timeoutMs = 180_000) {
    await until(
      what,
      async () => {
        if (await target.isVisible()) return true;
        await page.reload();
        return target.waitFor({ timeout: 15_000 }).then(
          () => true,
          () => false,
        );
      },
      {
        timeoutMs,
        intervalMs: 5000,
        detail: () => `${app.output()}\npostfix:\n${mail!.logs().postfix.slice(-3000)}`,
      },
    );
  }

  /** The inbox's category tab (a segmented control). */
  const view = (label: string) =>
    page
      .locator("label")
      .filter({ hasText: new RegExp(`^${label}$`) })
      .click();
  const threadRow = (name: string) => page.getByTestId("thread-row").filter({ hasText: name });
  const conversations = () => page.getByTestId("thread-list").getByText(/^\d+ conversations?$/);

  it("sets up two mailboxes, five leads and a campaign whose HTML carries a script; the preview's text drops it", async () => {
    const mailbox = (m: typeof fast, gap: number) =>
      apiCall<{ id: string }>(page, "/api/v1/mailboxes", {
        email: m.email,
        fromName: "Nora Newcomer",
        smtp: { host: mail!.host, port: mail!.smtpPort, security: "none", password: m.password },
        imap: { host: mail!.host, port: mail!.imapPort, security: "none" },
        minGapMinutes: gap,
        maxGapMinutes: gap,
      });
    const mailboxIds = [(await mailbox(fast, 0)).id, (await mailbox(slow, 20)).id];
    const leadIds: string[] = [];
    for (const p of [...inFirst, fresh]) {
      const lead = await apiCall<{ id: string }>(page, "/api/v1/leads", {
        email: p.email,
        firstName: p.first,
        company: `${p.first} Corp`,
      });
      if (p !== fresh) leadIds.push(lead.id);
    }
    ({ id: campaignId } = await apiCall<{ id: string }>(page, "/api/v1/campaigns", {
      name: "Spring pilot",
      timezone: "UTC",
      sendDays: [0, 1, 2, 3, 4, 5, 6],
      sendStartMinute: 0,
      sendEndMinute: 1440,
      mailboxIds,
      steps: [
        {
          variants: [
            {
              subject: "A spring pilot for {{company}}?",
              bodyHtml:
                '<p>Hi {{firstName}}, would a pilot help {{company}}?</p><script>alert(3)</script><style>p{color:red}</style><p>Not for you? <a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
            },
          ],
        },
        {
          delayMinutes: 3 * 24 * 60,
          variants: [{ subject: "", bodyText: "Just checking in, {{firstName}}." }],
        },
      ],
    }));
    await apiCall(page, `/api/v1/campaigns/${campaignId}/leads`, { leadIds });

    await page.goto(`/campaigns/${campaignId}/edit`);
    await page.getByRole("tab", { name: "Preview" }).click();
    await choose("Lead", /^Ivy /);
    const text = page.getByTestId("preview-text");
    await text.getByText(/Hi Ivy, would a pilot help Ivy Corp\?/).waitFor();
    const previewText = (await text.textContent()) ?? "";
    expect(previewText).not.toContain("alert(3)");
    expect(previewText).not.toContain("color:red");
    await screenshot(page, "newcomer-01-preview-text");
  });

  it("launches; the no-gap mailbox sends its share within the first minute, and the mailboxes page shows each one's next send", async () => {
    await page.getByRole("button", { name: "Launch" }).click();
    const summary = page.getByRole("dialog", { name: "Ready to launch" });
    expect(await summary.getByTestId("summary-leads").textContent()).toBe("5");
    await summary.getByRole("button", { name: "Launch now" }).click();
    await page.getByTestId("campaign-status").getByText("active").waitFor();

    // all five leave on the first tick: the gap, not the per-minute tick, sets the pace
    await page.goto(`/campaigns/${campaignId}`);
    const sent = page.getByTestId("stat-sent-value");
    await expect
      .poll(async () => Number(await sent.textContent({ timeout: 5000 })), {
        timeout: 150_000,
        interval: 2000,
      })
      .toBe(5)
      .catch((err) => {
        throw new Error(`five emails did not go out on one tick:\n${app.output()}`, { cause: err });
      });

    await page.goto("/mailboxes");
    const fastRow = page.getByTestId(`mailbox-row-${fast.email}`);
    const slowRow = page.getByTestId(`mailbox-row-${slow.email}`);
    await slowRow.getByText("20–20 min apart").waitFor();
    expect(await slowRow.textContent()).toContain("1 / 30"); // one send, then its 20-minute gap
    expect(await fastRow.textContent()).toContain("4 / 30");
    await fastRow.getByText("no gap").waitFor();
    expect(await fastRow.getByTestId("mailbox-next-send").textContent()).toBe("ready for the next email");
    // the slow one's next email, at the time the API says, about 20 minutes after its send
    const listed = await apiCall<{ data: { email: string; nextSendAt: string | null }[] }>(
      page,
      "/api/v1/mailboxes",
    );
    const nextAt = listed.data.find((m) => m.email === slow.email)!.nextSendAt!;
    const minutesAhead = (Date.parse(nextAt) - Date.now()) / 60_000;
    expect(minutesAhead).toBeGreaterThan(15);
    expect(minutesAhead).toBeLessThanOrEqual(20);
    const shown = await page.evaluate(
      (at) =>
        new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at)),
      nextAt,
    );
    expect(await slowRow.getByTestId("mailbox-next-send").textContent()).toBe(`next email from ${shown}`);
    await screenshot(page, "newcomer-02-mailboxes-pace");
  });

  it("each lead received a text part without the script, and the custom SMTP mailbox's Sent folder holds copies", async () => {
    for (const p of [ivy, oscar, uma, sam]) {
      const got = await leadMailClient(mail!, p).firstEmail();
      expect(got.subject).toBe(`A spring pilot for ${p.first} Corp?`);
      expect(got.text).toContain(`Hi ${p.first}, would a pilot help ${p.first} Corp?`);
      expect(got.text).not.toContain("alert(3)");
      received.set(p.email, got);
    }
    // Postfix files nothing in Sent: Coldframe appends a copy after its next sync of each mailbox,
    // which "Check for new mail" runs at once
    await page.goto("/inbox");
    const checkMail = page.getByRole("button", { name: "Check for new mail" });
    const copies = await until(
      "copies of the five campaign emails in the two Sent folders",
      async () => {
        const all = [
          ...(await folderSubjects(mail!, fast.email, fast.password, "Sent")),
          ...(await folderSubjects(mail!, slow.email, slow.password, "Sent")),
        ];
        if (all.length >= 5) return all;
        if (await checkMail.isEnabled()) await checkMail.click();
        return null;
      },
      {
        timeoutMs: 150_000,
        intervalMs: 6000,
        detail: async () =>
          `fast: ${await folderSubjects(mail!, fast.email, fast.password, "Sent")}\nslow: ${await folderSubjects(mail!, slow.email, slow.password, "Sent")}\n${app.output()}`,
      },
    );
    expect(copies.filter((s) => s.startsWith("A spring pilot for ")).length).toBe(5);
  });

  it("keeps each thread's strongest signal: Interested after a thank-you, the out-of-office after a helpdesk notice", async () => {
    const toIvy = received.get(ivy.email)!;
    const toOscar = received.get(oscar.email)!;
    await leadMailClient(mail!, ivy).reply(toIvy, "Yes, I'm interested, tell me more.");
    await leadMailClient(mail!, oscar).automatic(
      toOscar,
      `Out of office: ${toOscar.subject}`,
      `Thank you for your email. I am out of the office until ${backText} with no access to email.`,
      { "Auto-Submitted": "auto-replied" },
    );
    // Uma follows the unsubscribe link in her email and confirms on the page
    const unsubscribe = received.get(uma.email)!.unsubscribeUrl!;
    expect(unsubscribe).toMatch(/\/u\//);
    const umaPage = await started!.browser.newPage(); // her own browser, not the signed-in one
    await umaPage.goto(unsubscribe);
    await umaPage.getByRole("button", { name: "Unsubscribe" }).click();
    await umaPage.getByText("will not receive further emails").waitFor();
    await umaPage.close();

    await page.goto("/inbox");
    await waitAfterReloads("Ivy's and Oscar's first answers in the inbox", threadRow(oscar.name));
    await waitAfterReloads("Ivy's answer in the inbox", threadRow(ivy.name));
    await threadRow(ivy.name).getByText("Interested", { exact: true }).waitFor();
    await threadRow(oscar.name).getByText("Auto-reply", { exact: true }).waitFor();

    // the second message of each thread: a plain thank-you, and a helpdesk's automatic notice
    await leadMailClient(mail!, ivy).reply(toIvy, "Thanks, got it.");
    await leadMailClient(mail!, oscar).automatic(
      toOscar,
      `Re: ${toOscar.subject}`,
      "Your message was logged as ticket 4411 by the Oscar Corp helpdesk.",
      { "Auto-Submitted": "auto-generated", "List-Id": "<helpdesk.prospect.test>" },
    );
    // the first answers came with the worker's minute; these are read at once, on the button
    const detail = () => `${app.output()}\npostfix:\n${mail!.logs().postfix.slice(-3000)}`;
    await checkMailUntil(
      page,
      "Ivy's second message",
      threadRow(ivy.name).filter({ hasText: "Thanks, got it." }),
      {
        detail,
      },
    );
    await checkMailUntil(
      page,
      "the helpdesk notice",
      threadRow(oscar.name).filter({ hasText: "ticket 4411" }),
      {
        detail,
      },
    );
    await threadRow(ivy.name).getByText("(2)", { exact: true }).waitFor();
    await threadRow(oscar.name).getByText("(2)", { exact: true }).waitFor();
    expect(await threadRow(ivy.name).getByText("Interested", { exact: true }).count()).toBe(1);
    expect(await threadRow(oscar.name).getByText("Auto-reply", { exact: true }).count()).toBe(1);
    await screenshot(page, "newcomer-03-inbox-labels");

    await view("Interested");
    await conversations()
      .filter({ hasText: /^1 conversation$/ })
      .waitFor();
    await threadRow(ivy.name).waitFor();
    await screenshot(page, "newcomer-04-interested-filter");
    await view("Auto-replies");
    await conversations()
      .filter({ hasText: /^1 conversation$/ })
      .waitFor();
    await threadRow(oscar.name).waitFor();
    expect(await threadRow(ivy.name).count()).toBe(0);
  });

  it("a person's label wins over the strongest signal", async () => {
    await view("All");
    await threadRow(ivy.name).click();
    const thread = page.getByTestId("thread-view");
    await thread.getByText("Thanks, got it.").waitFor();
    // the latest message's label (each message has its own)
    await thread.getByTestId("classify-select").last().click();
    await page.getByRole("option", { name: "Not interested", exact: true }).click();
    await threadRow(ivy.name).getByText("Not interested", { exact: true }).waitFor();
    await view("Interested");
    await page.getByTestId("thread-list").getByText("No conversations match these filters.").waitFor();
    await conversations()
      .filter({ hasText: /^0 conversations$/ })
      .waitFor();
    await screenshot(page, "newcomer-05-manual-label");
  });

  it("the campaign shows who replied, bounced, unsubscribed, and Oscar's return date on his row", async () => {
    await page.goto(`/campaigns/${campaignId}`);
    const table = page.getByTestId("campaign-leads-table");
    const row = (p: typeof ivy) => table.getByRole("row").filter({ hasText: p.email });
    await waitAfterReloads(
      "Bob's bounce in the campaign",
      row(bob)
        .locator(".mantine-Badge-root")
        .filter({ hasText: /^bounced$/ }),
    );
    await row(ivy)
      .locator(".mantine-Badge-root")
      .filter({ hasText: /^replied$/ })
      .waitFor();
    await row(uma)
      .locator(".mantine-Badge-root")
      .filter({ hasText: /^unsubscribed$/ })
      .waitFor();
    // the next step waits until the day after he is back
    const held = await page.evaluate(
      (at) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(at)),
      Date.UTC(back.getUTCFullYear(), back.getUTCMonth(), back.getUTCDate() + 1),
    );
    await row(oscar).getByTestId("out-of-office").getByText(`Out of office: held until ${held}`).waitFor();
    expect(await row(sam).getByTestId("out-of-office").count()).toBe(0);
    // Bob's long bounce diagnostic wraps in its column: the table fits its card
    const overflow = await table.evaluate((el) => {
      const box = (el.closest(".mantine-ScrollArea-viewport") as HTMLElement | null) ?? el.parentElement!;
      return box.scrollWidth - box.clientWidth;
    });
    expect(overflow, "the leads table scrolls sideways").toBeLessThanOrEqual(1);
    // the activity chart draws each day as it is: bars (sent 5 today, a reply), no smoothed lines
    const chart = page.getByTestId("activity-chart");
    await chart.locator(".recharts-bar-rectangle path").first().waitFor(); // a day with a count draws a bar
    expect(await chart.locator(".recharts-line, .recharts-area").count()).toBe(0);
    await screenshot(page, "newcomer-06-campaign-leads");
  });

  it("“Add all active leads” skips who replied or is in another running campaign, unless the boxes say to include them", async () => {
    await page.goto("/campaigns");
    await page.getByRole("button", { name: "New campaign" }).click();
    await page.getByLabel("Campaign name").fill("Summer follow-up");
    await page.getByRole("button", { name: "Create and open builder" }).click();
    await page.waitForURL(/\/campaigns\/[^/]+\/edit$/);
    await page.getByRole("tab", { name: /^Leads/ }).click();
    const addAll = page.getByRole("button", { name: "Add all active leads" });
    const count = page.getByTestId("campaign-lead-count");

    // Bob bounced and Uma unsubscribed: no longer active leads, never offered
    await addAll.click();
    await page
      .getByText("Added 1 lead; skipped 1 who replied before, 2 still in another running campaign")
      .waitFor();
    await count.getByText("1 lead in this campaign").waitFor();
    await page.getByTestId("campaign-leads-table").getByText(fresh.email).waitFor();
    await screenshot(page, "newcomer-07-add-all-skipped");

    await page.getByLabel("Include leads who replied to a campaign before").check();
    await addAll.click();
    await page
      .getByText("Added 1 lead; skipped 1 already in this campaign, 2 still in another running campaign")
      .waitFor();
    await count.getByText("2 leads in this campaign").waitFor();

    await page.getByLabel("Include leads still in another running campaign").check();
    await addAll.click();
    await page.getByText("Added 2 leads; skipped 2 already in this campaign").waitFor();
    await count.getByText("4 leads in this campaign").waitFor();
    const table = page.getByTestId("campaign-leads-table");
    for (const p of [fresh, ivy, oscar, sam]) await table.getByText(p.email).waitFor();
    for (const p of [bob, uma]) expect(await table.getByText(p.email).count()).toBe(0);
    await screenshot(page, "newcomer-08-add-all-included");
  });

  it("a domain added by hand gets an SPF that follows its custom SMTP mailboxes, not Google's", async () => {
    await page.goto("/domains");
    const form = page.getByTestId("add-domain");
    await form.getByLabel(/^Domain/).fill("outbound.test");
    expect(
      await form
        .locator("input")
        .and(page.getByLabel("Mailboxes on this domain (SPF)", { exact: true }))
        .inputValue(),
    ).toBe("As my mailboxes send");
    await form.getByRole("button", { name: "Add domain" }).click();
    await page
      .getByTestId("domain-row")
      .and(page.locator('[data-name="outbound.test"]'))
      .getByRole("link", { name: "outbound.test" })
      .click();
    await page.waitForURL("**/domains/*");
    const spf = page.locator('[data-testid="dns-record"][data-purpose="spf"]');
    await spf.getByText("v=spf1 ip4:127.0.0.1 ~all").waitFor();
    expect(await spf.textContent()).not.toContain("_spf.google.com");
    expect(await spf.getByTestId("spf-authorises-nobody").count()).toBe(0);
    await screenshot(page, "newcomer-09-spf-follows-mailboxes");
  });
});
