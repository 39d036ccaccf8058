import { and, eq, sql } from "drizzle-orm";
import { authenticate } from "mailauth";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { campaignLeads, campaigns, events, leads, sentEmails, suppressions } from "../../src/lib/db/schema";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { sendCampaignEmail } from "../../src/lib/sending/sender";
import { handlers, loops } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { everyMinuteUtc, makeDkimDomain, makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { HttpClient } from "./helpers/http-client";
import { header, startSmtpCapture } from "./helpers/smtp-capture";
import { signUp } from "./helpers/users";

let app: AppServer;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  app = await startAppServer();
  smtp = await startSmtpCapture();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(10_000)));
});
afterAll(async () => {
  await closeMailboxTransports(); // pooled connections to the capture server, from this process
  await smtp.close();
  await app.close();
});

/**
 * What may still go out for a campaign: its emails not yet settled (queued or being sent; a queued
 * row is its own send job). Zero means nothing else will be sent.
 */
async function campaignSettled(campaignId: string) {
  const rows = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaignId));
  return rows.filter((r) => r.status === "queued" || r.status === "sending").length;
}

const startAppWorker = async () => {
  const w = await startWorker({
    databaseUrl: process.env.DATABASE_URL!,
    definitions: jobs,
    handlers,
    loops,
    concurrency: 4,
  });
  workers.push(w);
  return w;
};

const twoSteps = (extra: Record<string, unknown> = {}) => ({
  name: "Q4 outreach",
  ...everyMinuteUtc,
  steps: [
    {
      variants: [
        {
          subject: "{Hi|Hello} {{firstName}}",
          bodyHtml:
            '<p>Hi {{firstName}}, a note for {{company | "your team"}} in {{industry}}.</p><p><a href="https://coldframe.test/case-study?x=1&amp;y=2">Case study</a></p><p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
        },
      ],
    },
    {
      delayMinutes: 2 * 24 * 60,
      variants: [{ subject: "", bodyHtml: "<p>Following up, {{firstName}}.</p>" }],
    },
  ],
  ...extra,
});

async function setupCampaign(body: Record<string, unknown>, leadRows: Parameters<typeof makeLeads>[1]) {
  const user = await signUp(app.url);
  const mailbox = await makeMailbox(user.workspaceId, smtp.port);
  const created = await user.client.post("/api/v1/campaigns", { ...body, mailboxIds: [mailbox.id] });
  expect(created.status).toBe(201);
  const campaign = (await created.json()) as { id: string; steps: { id: string }[] };
  const rows = await makeLeads(user.workspaceId, leadRows);
  const added = await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, {
    leadIds: rows.map((l) => l.id),
  });
  expect(await added.json()).toEqual({
    added: rows.length,
    skipped: 0,
    skippedBy: { alreadyInCampaign: 0, unsubscribedOrBounced: 0, replied: 0, inOtherCampaign: 0 },
  });
  return { user, mailbox, campaign, leads: rows };
}

describe("campaign sending, end to end over real SMTP", () => {
  it("launches, sends step 1 with every header, DKIM, tracking; then threads the follow-up", async () => {
    const {
      user,
      mailbox,
      campaign,
      leads: [ada, _bob],
    } = await setupCampaign(twoSteps(), [
      {
        email: "ada@client.test",
        firstName: "Ada",
        company: "Analytical Engines",
        customFields: { industry: "computing" },
      },
      { email: "bob@client.test", firstName: "Bob", customFields: { industry: "retail" } },
    ]);
    const dkim = await makeDkimDomain(user.workspaceId, mailbox.email.split("@")[1]);
    const launched = await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    expect(launched.status, await launched.clone().text()).toBe(200);
    await startAppWorker();

    const t0 = new Date();
    const tick = await runCampaignTick(getDb(), t0);
    expect(tick.queued).toBe(2); // the mailbox has no gap: both leads at once, not one a tick
    await runCampaignTick(getDb(), new Date(t0.getTime() + 60_000));
    const toAda = await until("email to ada", () => smtp.to("ada@client.test")[0]);
    await until("email to bob", () => smtp.to("bob@client.test")[0]);
    const raw = toAda.raw;

    // the server has the message a moment before the sender records it as sent
    const row = await until("ada's row marked sent", async () => {
      const [r] = await getDb().select().from(sentEmails).where(eq(sentEmails.toEmail, "ada@client.test"));
      return r?.status === "sent" && r;
    });
    expect(header(raw, "Message-ID")).toBe(row!.messageId);
    expect(row!.messageId).toMatch(new RegExp(`^<${row!.id}\\.[0-9a-f]+@outreach\\.test>$`));
    expect(header(raw, "X-Campaign-ID")).toBe(campaign.id);
    expect(header(raw, "X-Lead-ID")).toBe(ada!.id);
    expect(header(raw, "List-Unsubscribe")).toMatch(
      new RegExp(`^<${app.url}/u/[\\w.-]+>, <mailto:${mailbox.email}\\?subject=unsubscribe>$`),
    );
    expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(header(raw, "Subject")).toMatch(/^(Hi|Hello) Ada$/);
    expect(header(raw, "From")).toBe(`Sam Sender <${mailbox.email}>`);
    const decoded = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    expect(decoded).toContain("a note for Analytical Engines in computing");
    expect(smtp.to("bob@client.test")[0]!.raw.replace(/=\r?\n/g, "")).toContain(
      "a note for your team in retail",
    );
    // the link goes through the click tracker; the pixel is there; unsubscribe link is not tracked
    expect(decoded).not.toContain('href="https://coldframe.test/case-study');
    expect(decoded).toMatch(new RegExp(`href="${app.url}/t/c/`));
    expect(decoded).toMatch(new RegExp(`<img src="${app.url}/t/o/`));

    // DKIM: mailauth verifies the signature with the published key
    const auth = await authenticate(raw, {
      ip: "127.0.0.1",
      helo: "localhost",
      sender: mailbox.email,
      resolver: async (name: string, rr: string) => {
        if (rr === "TXT" && name === dkim.txtName) return [[dkim.txt]];
        throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
      },
    });
    expect(auth.dkim.results.map((r: { status: { result: string } }) => r.status.result)).toEqual(["pass"]);

    // the follow-up is due 2 days later, in the same thread, from the same mailbox
    const [cl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, ada!.id));
    expect(cl).toMatchObject({ status: "queued", nextStep: 2, mailboxId: mailbox.id });
    expect((await runCampaignTick(getDb(), new Date(t0.getTime() + 3600_000))).queued).toBe(0);
    const later = new Date(Date.now() + 2 * 86_400_000 + 60_000);
    await runCampaignTick(getDb(), later);
    await runCampaignTick(getDb(), new Date(later.getTime() + 60_000));
    const followUp = await until("follow-up to ada", () => smtp.to("ada@client.test")[1]);
    expect(header(followUp.raw, "In-Reply-To")).toBe(row!.messageId);
    expect(header(followUp.raw, "References")).toBe(row!.messageId);
    expect(header(followUp.raw, "Subject")).toBe(`Re: ${header(raw, "Subject")}`);
    await until("both follow-ups", () => smtp.to("bob@client.test")[1]);
    await until("completed", async () => {
      const rows = await getDb()
        .select()
        .from(campaignLeads)
        .where(eq(campaignLeads.campaignId, campaign.id));
      return rows.every((r) => r.status === "completed");
    });

    // opens and clicks through the tracking routes, then the analytics
    const web = new HttpClient(app.url);
    const pixel = decoded.match(new RegExp(`<img src="${app.url}(/t/o/[^"]+)"`))![1]!;
    const open = await web.get(pixel);
    expect(open.headers.get("content-type")).toBe("image/gif");
    const click = decoded.match(new RegExp(`href="${app.url}(/t/c/[^"]+)"`))![1]!;
    const redirect = await web.get(click);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("https://coldframe.test/case-study?x=1&y=2");
    const forged = await web.get(`${click.slice(0, -3)}AAA`);
    expect(forged.status).toBe(404);

    const statsRes = await user.client.get(`/api/v1/campaigns/${campaign.id}/analytics`);
    expect(statsRes.status, await statsRes.clone().text()).toBe(200);
    const stats = (await statsRes.json()) as {
      totals: Record<string, number>;
      steps: { position: number; sent: number }[];
      daily: { date: string; sent: number }[];
    };
    expect(stats.totals).toMatchObject({ sent: 4, opened: 1, clicked: 1, bounced: 0, unsubscribed: 0 });
    expect(stats.steps.map((s) => [s.position, s.sent])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(stats.daily.reduce((n, d) => n + d.sent, 0)).toBe(4);

    // the list's counts, and the campaign completes once nobody is left to email
    await runCampaignTick(getDb(), new Date(Date.now() + 4 * 86_400_000));
    const list = (await (await user.client.get("/api/v1/campaigns")).json()) as {
      data: {
        id: string;
        status: string;
        stepCount: number;
        leadCount: number;
        sent: number;
        mailboxIds: string[];
      }[];
    };
    expect(list.data.find((c) => c.id === campaign.id)).toMatchObject({
      status: "completed",
      stepCount: 2,
      leadCount: 2,
      sent: 4,
      mailboxIds: [mailbox.id],
    });
  });

  it("unsubscribe (one-click POST) stops the sequence and suppresses the address", async () => {
    const {
      user,
      campaign,
      leads: [lead],
    } = await setupCampaign(twoSteps(), [
      { email: "carol@client.test", firstName: "Carol", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await startAppWorker();
    await runCampaignTick(getDb(), new Date());
    const first = await until("first email", () => smtp.to("carol@client.test")[0]);
    const url = header(first.raw, "List-Unsubscribe")!.match(/<(http[^>]+)>/)![1]!;
    const confirm = await new HttpClient(app.url).get(url);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("carol@client.test");
    // GET alone (a link scanner) changes nothing
    expect((await getDb().select().from(leads).where(eq(leads.id, lead!.id)))[0]!.status).toBe("active");
    const post = await new HttpClient(app.url).request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(post.status).toBe(200);
    expect((await getDb().select().from(leads).where(eq(leads.id, lead!.id)))[0]!.status).toBe(
      "unsubscribed",
    );
    const [cl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, lead!.id));
    expect(cl!.status).toBe("unsubscribed");
    const [s] = await getDb().select().from(suppressions).where(eq(suppressions.value, "carol@client.test"));
    expect(s).toMatchObject({ kind: "email", reason: "unsubscribed" });
    // the provider repeats its POST, the person also presses the page's button: still one event
    const repeat = await new HttpClient(app.url).request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(repeat.status).toBe(200);
    expect((await new HttpClient(app.url).request(url, { method: "POST" })).status).toBe(200);
    const unsubscribed = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, user.workspaceId), eq(events.type, "lead.unsubscribed")));
    expect(unsubscribed.map((e) => e.payload)).toEqual([
      {
        campaignId: campaign.id,
        leadId: lead!.id,
        email: "carol@client.test",
        via: "one_click",
        sentEmailId: (await getDb().select().from(sentEmails).where(eq(sentEmails.leadId, lead!.id)))[0]!.id,
      },
    ]);
    // a malformed link is a 400 page, never a 500
    for (const bad of ["/u/%00", "/u/abc%00def"]) {
      expect((await new HttpClient(app.url).request(bad, { method: "POST" })).status).toBe(400);
      expect((await new HttpClient(app.url).get(bad)).status).toBe(400);
    }
    // the follow-up is due three days later: nothing is queued for an unsubscribed lead, and no
    // send job of the campaign is left to run
    expect((await runCampaignTick(getDb(), new Date(Date.now() + 3 * 86_400_000))).queued).toBe(0);
    await until("no send job of the campaign left", async () => (await campaignSettled(campaign.id)) === 0);
    expect(
      await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id)),
    ).toMatchObject([{ status: "sent", toEmail: "carol@client.test" }]);
    expect(smtp.to("carol@client.test")).toHaveLength(1);
  });

  it("SMTP 5xx for the recipient marks the lead bounced; 4xx is retried", async () => {
    const { user, campaign } = await setupCampaign(twoSteps(), [
      { email: "hard-dan@client.test", firstName: "Dan", customFields: { industry: "x" } },
      { email: "soft-eve@client.test", firstName: "Eve", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    const t = new Date();
    await runCampaignTick(getDb(), t);
    await runCampaignTick(getDb(), new Date(t.getTime() + 60_000));
    const rows = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    const hard = rows.find((r) => r.toEmail.startsWith("hard-"))!;
    const soft = rows.find((r) => r.toEmail.startsWith("soft-"))!;

    expect(await sendCampaignEmail(getDb(), hard.id)).toBe("bounced");
    const [dan] = await getDb().select().from(leads).where(eq(leads.email, "hard-dan@client.test"));
    expect(dan!.status).toBe("bounced");
    const [danCl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, dan!.id));
    expect(danCl!.status).toBe("bounced");
    expect(danCl!.stoppedReason).toContain("550");
    const sup = await getDb()
      .select()
      .from(suppressions)
      .where(eq(suppressions.value, "hard-dan@client.test"));
    expect(sup[0]?.reason).toBe("bounced");

    smtp.state.soft = true;
    const failedAt = Date.now();
    expect(await sendCampaignEmail(getDb(), soft.id)).toBe("requeued");
    const [again] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, soft.id));
    expect(again).toMatchObject({ status: "queued", attempts: 1 });
    expect(again!.error).toContain("451");
    // it is due again a backoff (1 minute) later
    expect(+again!.sendAt!).toBeGreaterThanOrEqual(failedAt + 58_000);
    smtp.state.soft = false;
    expect(await sendCampaignEmail(getDb(), soft.id)).toBe("sent");
    expect(smtp.to("soft-eve@client.test")).toHaveLength(1);
    // a second run of the same job sends nothing more
    expect(await sendCampaignEmail(getDb(), soft.id)).toBe("skipped");
    smtp.state.soft = true;
  });

  it("a full mailbox at RCPT (552 5.2.2) is tried again later, never bounced or suppressed", async () => {
    const { user, campaign } = await setupCampaign(twoSteps(), [
      { email: "full-fay@client.test", firstName: "Fay", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await runCampaignTick(getDb(), new Date());
    const [row] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    smtp.state.soft = true;
    expect(await sendCampaignEmail(getDb(), row!.id)).toBe("requeued");
    const [again] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, row!.id));
    expect(again).toMatchObject({ status: "queued", attempts: 1 });
    expect(again!.error).toContain("5.2.2");
    const [fay] = await getDb().select().from(leads).where(eq(leads.email, "full-fay@client.test"));
    expect(fay!.status).toBe("active");
    const [fayCl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, fay!.id));
    expect(fayCl!.status).not.toBe("bounced");
    expect(
      await getDb().select().from(suppressions).where(eq(suppressions.value, "full-fay@client.test")),
    ).toEqual([]);
    // once the mailbox has room, the retry is delivered
    smtp.state.soft = false;
    expect(await sendCampaignEmail(getDb(), row!.id)).toBe("sent");
    expect(smtp.to("full-fay@client.test")).toHaveLength(1);
    smtp.state.soft = true;
  });

  it("a mailbox whose SMTP login keeps failing stops, with the reason, and the email waits", async () => {
    const { encryptSecret } = await import("../../src/lib/crypto");
    const { mailboxes } = await import("../../src/lib/db/schema");
    const { user, mailbox, campaign } = await setupCampaign(twoSteps(), [
      { email: "gina@client.test", firstName: "Gina", customFields: { industry: "x" } },
    ]);
    await getDb()
      .update(mailboxes)
      .set({ smtpPasswordEnc: encryptSecret("wrong") })
      .where(eq(mailboxes.id, mailbox.id));
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    for (let i = 0; i < 3; i++) {
      const { queued } = await runCampaignTick(getDb(), new Date(Date.now() + i * 60_000));
      expect(queued).toBe(1);
      const [row] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
      expect(await sendCampaignEmail(getDb(), row!.id)).toBe("requeued");
    }
    const [m] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    expect(m!.status).toBe("error");
    expect(m!.statusReason).toMatch(/SMTP login failed: .*535/);
    // its only mailbox stopped: the campaign pauses itself, saying why
    const [c] = await getDb().select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(c!.status).toBe("paused");
    const [paused] = await getDb()
      .select({ payload: events.payload })
      .from(events)
      .where(
        and(eq(events.type, "campaign.paused"), sql`${events.payload} ->> 'campaignId' = ${campaign.id}`),
      );
    expect((paused!.payload as { reason: string }).reason).toMatch(
      new RegExp(
        `^its last sending mailbox, ${mailbox.email}, was stopped: SMTP login failed: .*535.* 3 failed logins in a row`,
      ),
    );
    // nothing is queued from a failing mailbox, and the lead is still waiting
    expect((await runCampaignTick(getDb(), new Date(Date.now() + 10 * 60_000))).queued).toBe(0);
    const [cl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaign.id));
    expect(cl).toMatchObject({ status: "queued", nextStep: 1 });
    expect(smtp.to("gina@client.test")).toHaveLength(0);
  });

  it("a campaign whose only mailbox the app stopped elsewhere (a failed Test) pauses on the next tick; one a person paused does not", async () => {
    const { mailboxes } = await import("../../src/lib/db/schema");
    const lead = { email: "ivo@client.test", firstName: "Ivo", customFields: { industry: "x" } };
    const stopped = await setupCampaign(twoSteps(), [lead]);
    const held = await setupCampaign(twoSteps(), [{ ...lead, email: "jo@client.test", firstName: "Jo" }]);
    for (const x of [stopped, held]) await x.user.client.post(`/api/v1/campaigns/${x.campaign.id}/launch`);
    const reason = "IMAP login failed: bad password — 3 failed logins in a row, sending stopped until fixed";
    await getDb()
      .update(mailboxes)
      .set({ status: "error", statusReason: reason })
      .where(eq(mailboxes.id, stopped.mailbox.id));
    await getDb().update(mailboxes).set({ status: "paused" }).where(eq(mailboxes.id, held.mailbox.id));

    await runCampaignTick(getDb(), new Date());
    const statusOf = async (id: string) =>
      (await getDb().select().from(campaigns).where(eq(campaigns.id, id)))[0]!.status;
    expect(await statusOf(stopped.campaign.id)).toBe("paused");
    expect(await statusOf(held.campaign.id)).toBe("active");
    const emitted = await getDb()
      .select({ payload: events.payload })
      .from(events)
      .where(
        and(
          eq(events.type, "campaign.paused"),
          sql`${events.payload} ->> 'campaignId' = ${stopped.campaign.id}`,
        ),
      );
    expect(emitted.map((e) => (e.payload as { reason: string }).reason)).toEqual([
      `its last sending mailbox, ${stopped.mailbox.email}, was stopped: ${reason}`,
    ]);
    // resuming is refused while no mailbox can send, so the next tick pauses nothing again
    const resumed = await stopped.user.client.post(`/api/v1/campaigns/${stopped.campaign.id}/resume`);
    expect(resumed.status).toBe(400);
    expect(await resumed.text()).toMatch(/every assigned mailbox is paused or failing/);
    await runCampaignTick(getDb(), new Date(Date.now() + 60_000));
    expect(
      await getDb()
        .select()
        .from(events)
        .where(
          and(
            eq(events.type, "campaign.paused"),
            sql`${events.payload} ->> 'campaignId' = ${stopped.campaign.id}`,
          ),
        ),
    ).toHaveLength(1);
  });

  it("a mailbox whose host now resolves to a refused private address stops, connects nowhere, and the email waits", async () => {
    const { resetEnvCache } = await import("../../src/lib/config/env");
    const { mailboxes } = await import("../../src/lib/db/schema");
    const { user, mailbox, campaign } = await setupCampaign(twoSteps(), [
      { email: "hal@client.test", firstName: "Hal", customFields: { industry: "x" } },
    ]);
    const allowed = process.env.ALLOWED_PRIVATE_HOSTS;
    process.env.ALLOWED_PRIVATE_HOSTS = "";
    resetEnvCache();
    try {
      await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
      expect((await runCampaignTick(getDb(), new Date())).queued).toBe(1);
      const [row] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
      expect(await sendCampaignEmail(getDb(), row!.id)).toBe("requeued");
      const [m] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
      expect(m).toMatchObject({
        status: "error",
        statusReason:
          "SMTP host refused: 127.0.0.1 is a private address; an operator can allow it with ALLOWED_PRIVATE_HOSTS",
      });
      expect((await runCampaignTick(getDb(), new Date(Date.now() + 10 * 60_000))).queued).toBe(0);
      const [cl] = await getDb()
        .select()
        .from(campaignLeads)
        .where(eq(campaignLeads.campaignId, campaign.id));
      expect(cl).toMatchObject({ status: "queued", nextStep: 1 });
      expect(smtp.to("hal@client.test")).toHaveLength(0);
    } finally {
      process.env.ALLOWED_PRIVATE_HOSTS = allowed;
      resetEnvCache();
    }
  });

  it("respects the mailbox's daily limit and the campaign's sending window", async () => {
    const user = await signUp(app.url);
    const mailbox = await makeMailbox(user.workspaceId, smtp.port, { dailyLimit: 2 });
    const res = await user.client.post("/api/v1/campaigns", {
      ...twoSteps(),
      timezone: "Europe/Berlin",
      sendDays: [1, 2, 3, 4, 5],
      sendStartMinute: 9 * 60,
      sendEndMinute: 17 * 60,
      mailboxIds: [mailbox.id],
    });
    const campaign = (await res.json()) as { id: string };
    const rows = await makeLeads(
      user.workspaceId,
      Array.from({ length: 5 }, (_, i) => ({ firstName: `L${i}`, customFields: { industry: "x" } })),
    );
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: rows.map((r) => r.id) });
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    const queuedFor = async () =>
      (await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id))).length;

    // Saturday noon in Berlin: closed. Monday 08:59: closed. Monday 09:00 onwards: open.
    await runCampaignTick(getDb(), new Date("2030-01-05T11:00:00Z"));
    await runCampaignTick(getDb(), new Date("2030-01-07T07:59:00Z"));
    expect(await queuedFor()).toBe(0);
    for (let m = 0; m < 5; m++) await runCampaignTick(getDb(), new Date(Date.UTC(2030, 0, 7, 8, m)));
    expect(await queuedFor()).toBe(2); // the daily limit
    for (let m = 0; m < 5; m++) await runCampaignTick(getDb(), new Date(Date.UTC(2030, 0, 8, 8, m)));
    expect(await queuedFor()).toBe(4); // the next day, two more
  });

  it("two workers and concurrent ticks send every email exactly once", async () => {
    const { user, campaign } = await setupCampaign(
      twoSteps({ steps: [{ variants: [{ subject: "Hi {{firstName}}", bodyText: "Hello {{firstName}}" }] }] }),
      Array.from({ length: 30 }, (_, i) => ({ email: `many${i}@client.test`, firstName: `M${i}` })),
    );
    // three mailboxes share the campaign
    const more = await Promise.all([
      makeMailbox(user.workspaceId, smtp.port),
      makeMailbox(user.workspaceId, smtp.port),
    ]);
    await user.client.request(`/api/v1/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: {
        mailboxIds: [
          ...(
            (await (await user.client.get(`/api/v1/campaigns/${campaign.id}`)).json()) as {
              mailboxIds: string[];
            }
          ).mailboxIds,
          ...more.map((m) => m.id),
        ],
      },
    });
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await startAppWorker();
    await startAppWorker();
    const base = Date.now();
    for (let minute = 0; minute < 12; minute++) {
      const at = new Date(base + minute * 60_000);
      await Promise.all([
        runCampaignTick(getDb(), at),
        runCampaignTick(getDb(), at),
        runCampaignTick(getDb(), at),
      ]);
    }
    await until(
      "30 emails",
      () => Array.from({ length: 30 }, (_, i) => smtp.to(`many${i}@client.test`).length).every((n) => n >= 1),
      { timeoutMs: 30_000 },
    );
    // every email recorded sent and no send job left: nothing else can go out
    await until("no send job of the campaign left", async () => (await campaignSettled(campaign.id)) === 0);
    const rows = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    for (let i = 0; i < 30; i++) expect(smtp.to(`many${i}@client.test`)).toHaveLength(1);
  });
});

describe("stopping sequences", () => {
  it("a reply stops the lead; with the company option, colleagues at the same domain stop too", async () => {
    const {
      user,
      campaign,
      leads: rows,
    } = await setupCampaign(twoSteps({ stopOnCompanyReply: true }), [
      { email: "one@acme.test", firstName: "One", customFields: { industry: "x" } },
      { email: "two@acme.test", firstName: "Two", customFields: { industry: "x" } },
      { email: "three@other.test", firstName: "Three", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await startAppWorker();
    const t = new Date();
    for (let i = 0; i < 3; i++) await runCampaignTick(getDb(), new Date(t.getTime() + i * 60_000));
    await until(
      "three first emails",
      () => smtp.to("three@other.test")[0] && smtp.to("two@acme.test")[0] && smtp.to("one@acme.test")[0],
    );
    await until("all queued for step 2", async () => {
      const cls = await getDb().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaign.id));
      return cls.every((c) => c.status === "queued" && c.nextStep === 2);
    });

    const { markReplied } = await import("../../src/lib/campaigns/stop-on-reply");
    await markReplied(getDb(), { campaignId: campaign.id, leadId: rows[0]!.id });
    const byEmail = async () => {
      const cls = await getDb().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaign.id));
      return Object.fromEntries(cls.map((c) => [rows.find((r) => r.id === c.leadId)!.email, c.status]));
    };
    expect(await byEmail()).toEqual({
      "one@acme.test": "replied",
      "two@acme.test": "stopped",
      "three@other.test": "queued",
    });

    const later = new Date(Date.now() + 3 * 86_400_000);
    let queued = 0;
    for (let i = 0; i < 3; i++)
      queued += (await runCampaignTick(getDb(), new Date(later.getTime() + i * 60_000))).queued;
    expect(queued).toBe(1); // the follow-up to three, nobody else's
    await until("follow-up to three", () => smtp.to("three@other.test")[1]);
    await until("no send job of the campaign left", async () => (await campaignSettled(campaign.id)) === 0);
    expect(await byEmail()).toMatchObject({ "one@acme.test": "replied", "two@acme.test": "stopped" });
    expect(smtp.to("one@acme.test")).toHaveLength(1);
    expect(smtp.to("two@acme.test")).toHaveLength(1);
  });
});

describe("tracking domain", () => {
  it("links go through the sending domain's custom tracking host when it has one", async () => {
    const { user, mailbox, campaign } = await setupCampaign(twoSteps(), [
      { email: "frank@client.test", firstName: "Frank", customFields: { industry: "x" } },
    ]);
    const domain = mailbox.email.split("@")[1]!;
    const wrong = await user.client.post("/api/v1/domains", {
      name: domain,
      trackingHost: "track.elsewhere.test",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: { fields: { trackingHost: [`use a subdomain of ${domain}`] } },
    });
    const added = await user.client.post("/api/v1/domains", {
      name: domain,
      trackingHost: "go.outreach.test",
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({
      name: domain,
      trackingHost: "go.outreach.test",
      trackingCname: "127.0.0.1",
    });
    expect((await user.client.post("/api/v1/domains", { name: domain })).status).toBe(409);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await startAppWorker();
    await runCampaignTick(getDb(), new Date());
    const msg = await until("frank's email", () => smtp.to("frank@client.test")[0]);
    const body = msg.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    expect(header(msg.raw, "List-Unsubscribe")).toMatch(/^<https:\/\/go\.outreach\.test\/u\//);
    expect(body).toMatch(/href="https:\/\/go\.outreach\.test\/t\/c\//);
    expect(body).toMatch(/<img src="https:\/\/go\.outreach\.test\/t\/o\//);
  });
});

describe("launch checks and templates", () => {
  it("refuses to launch with every problem named", async () => {
    const user = await signUp(app.url);
    const res = await user.client.post("/api/v1/campaigns", {
      name: "Empty",
      steps: [{ variants: [{ subject: "Hi {{firstName}}", bodyHtml: "<p>{{nickname}}</p>" }] }],
    });
    const campaign = (await res.json()) as { id: string };
    const launch = await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    expect(launch.status).toBe(400);
    const body = (await launch.json()) as { error: { message: string; problems: { message: string }[] } };
    expect(body.error.problems).toEqual([
      { message: "assign at least one mailbox" },
      { message: "add leads" },
    ]);

    const mailbox = await makeMailbox(user.workspaceId, smtp.port);
    const rows = await makeLeads(user.workspaceId, [
      { email: "nofirst@client.test", customFields: { nickname: "Zed" } },
    ]);
    await user.client.request(`/api/v1/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: { mailboxIds: [mailbox.id] },
    });
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: rows.map((r) => r.id) });
    const again = (await (await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).json()) as {
      error: { problems: { message: string }[] };
    };
    expect(again.error.problems).toEqual([
      {
        message:
          '{{firstName}} is empty for 1 lead(s) (e.g. nofirst@client.test): add a fallback like {{firstName | "there"}} or fill the field',
      },
    ]);
  });

  it("previews a step for a real lead, and a lead's fields cannot inject headers", async () => {
    const {
      user,
      campaign,
      leads: [lead],
    } = await setupCampaign(
      twoSteps({ steps: [{ variants: [{ subject: "Hi {{firstName}}", bodyHtml: "<p>{{company}}</p>" }] }] }),
      [
        {
          email: "mallory@client.test",
          firstName: "Mal\r\nBcc: victim@else.test",
          company: "<script>x</script>",
        },
      ],
    );
    const preview = (await (
      await user.client.get(`/api/v1/campaigns/${campaign.id}/preview?leadId=${lead!.id}`)
    ).json()) as {
      subject: string;
      html: string;
    };
    expect(preview.subject).toBe("Hi Mal Bcc: victim@else.test");
    expect(preview.html).toBe("<p>&lt;script&gt;x&lt;/script&gt;</p>");
    expect((await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).status).toBe(200);
    await startAppWorker();
    await runCampaignTick(getDb(), new Date());
    const msg = await until("mallory's email", async () => {
      const [row] = await getDb()
        .select()
        .from(sentEmails)
        .where(eq(sentEmails.toEmail, "mallory@client.test"));
      if (row?.error) throw new Error(row.error);
      return smtp.to("mallory@client.test")[0];
    });
    expect(msg.to).toEqual(["mallory@client.test"]);
    expect(header(msg.raw, "Bcc")).toBeUndefined();
    expect(smtp.to("victim@else.test")).toHaveLength(0);
  });

  it("hides another workspace's campaign (404)", async () => {
    const a = await signUp(app.url);
    const b = await signUp(app.url);
    const c = (await (await a.client.post("/api/v1/campaigns", { name: "A's" })).json()) as { id: string };
    expect((await b.client.get(`/api/v1/campaigns/${c.id}`)).status).toBe(404);
    expect((await b.client.post(`/api/v1/campaigns/${c.id}/launch`)).status).toBe(404);
    expect((await b.client.request(`/api/v1/campaigns/${c.id}`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("a lead's history", () => {
  it("shows its campaigns, every email with its step, an open, the reply it sent (with intent) and your answer; hidden from other workspaces", async () => {
    const { prepareInbound, storeInboundMessages } = await import("../../src/lib/inbox/store-message");
    const { inboxMessages, mailboxes } = await import("../../src/lib/db/schema");
    const {
      user,
      mailbox,
      campaign,
      leads: [hal],
    } = await setupCampaign(twoSteps(), [
      { email: "hal@client.test", firstName: "Hal", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await runCampaignTick(getDb(), new Date());
    const [queued] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(await sendCampaignEmail(getDb(), queued!.id)).toBe("sent");
    const [first] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, queued!.id));
    expect(first!.subject).toMatch(/^(Hi|Hello) Hal$/);
    // the lead opens it (the tracking pixel) and answers in the thread
    const decoded = smtp
      .to("hal@client.test")[0]!
      .raw.replace(/=\r?\n/g, "")
      .replace(/=3D/g, "=");
    const pixel = decoded.match(new RegExp(`<img src="${app.url}(/t/o/[^"]+)"`))![1]!;
    expect((await fetch(`${app.url}${pixel}`)).status).toBe(200);
    const [box] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    const reply = await prepareInbound({
      uid: 1,
      receivedAt: new Date(),
      raw: Buffer.from(
        [
          "From: Hal <hal@client.test>",
          `To: ${mailbox.email}`,
          `Subject: Re: ${first!.subject}`,
          "Message-ID: <hal-reply-1@client.test>",
          `In-Reply-To: ${first!.messageId}`,
          `Date: ${new Date().toUTCString()}`,
          "",
          "Sounds interesting, I'd like to learn more. Can we talk next week?",
          "",
        ].join("\r\n"),
      ),
    });
    await getDb().transaction((tx) =>
      storeInboundMessages(tx, { mailbox: box!, folder: "inbox", uidValidity: 1, messages: [reply] }),
    );

    // you answer from the inbox
    const [stored] = await getDb()
      .select()
      .from(inboxMessages)
      .where(eq(inboxMessages.messageId, "<hal-reply-1@client.test>"));
    const answered = await user.client.post(`/api/v1/inbox/threads/${stored!.id}/reply`, {
      text: "Great, Tuesday at 10?",
    });
    expect(answered.status).toBe(201);

    const res = await user.client.get(`/api/v1/leads/${hal!.id}/activity`);
    expect(res.status).toBe(200);
    const activity = (await res.json()) as {
      email: string;
      suppressed: unknown;
      campaigns: {
        campaignId: string;
        status: string;
        nextStep: number;
        stepCount: number;
        stoppedReason: string | null;
      }[];
      timeline: {
        type: string;
        step: number | null;
        subject: string | null;
        detail: string | null;
        campaignId: string | null;
        messageId: string | null;
      }[];
    };
    expect(activity.email).toBe("hal@client.test");
    expect(activity.suppressed).toBeNull();
    expect(activity.campaigns).toEqual([
      expect.objectContaining({ campaignId: campaign.id, status: "replied", nextStep: 2, stepCount: 2 }),
    ]);
    // newest first: your answer, the reply, the open, the email, the enrolment
    expect(activity.timeline.map((t) => t.type)).toEqual([
      "you_replied",
      "replied",
      "opened",
      "email_sent",
      "added_to_campaign",
    ]);
    expect(activity.timeline[0]).toMatchObject({ campaignId: campaign.id, detail: "Great, Tuesday at 10?" });
    expect(activity.timeline[1]).toMatchObject({
      campaignId: campaign.id,
      subject: `Re: ${first!.subject}`,
      detail: "intent: interested",
      messageId: expect.any(String),
    });
    expect(activity.timeline[3]).toMatchObject({
      step: 1,
      subject: first!.subject,
      detail: `from ${mailbox.email}`,
    });

    // another workspace sees nothing of it
    const stranger = await signUp(app.url);
    expect((await stranger.client.get(`/api/v1/leads/${hal!.id}/activity`)).status).toBe(404);
  });
});

describe("getting started", () => {
  it("ticks itself off from what exists: a mailbox, a verified domain, leads, a launched campaign", async () => {
    const user = await signUp(app.url);
    const state = async () => {
      const res = await user.client.get("/api/v1/workspace/getting-started");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { steps: { key: string; done: boolean }[]; complete: boolean };
      return { done: Object.fromEntries(body.steps.map((s) => [s.key, s.done])), complete: body.complete };
    };
    expect(await state()).toEqual({
      done: { mailbox: false, domain: false, leads: false, campaign: false },
      complete: false,
    });
    const mailbox = await makeMailbox(user.workspaceId, smtp.port);
    const [lead] = await makeLeads(user.workspaceId, [
      { email: "ivy@client.test", firstName: "Ivy", customFields: { industry: "x" } },
    ]);
    expect(await state()).toEqual({
      done: { mailbox: true, domain: false, leads: true, campaign: false },
      complete: false,
    });
    await makeDkimDomain(user.workspaceId, mailbox.email.split("@")[1]!);
    const created = await user.client.post("/api/v1/campaigns", { ...twoSteps(), mailboxIds: [mailbox.id] });
    const campaign = (await created.json()) as { id: string };
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: [lead!.id] });
    // a campaign written but not launched is not the step
    expect((await state()).done).toEqual({ mailbox: true, domain: true, leads: true, campaign: false });
    expect((await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).status).toBe(200);
    expect(await state()).toEqual({
      done: { mailbox: true, domain: true, leads: true, campaign: true },
      complete: true,
    });
  });
});

describe("before launch", () => {
  it("previews what launching would do: leads, emails, pace, daily volume, first and last send; and what it would refuse", async () => {
    const { user, campaign, mailbox } = await setupCampaign(twoSteps(), [
      { email: "p1@client.test", firstName: "P1", customFields: { industry: "x" } },
      { email: "p2@client.test", firstName: "P2", customFields: { industry: "x" } },
      { email: "p3@client.test", firstName: "P3", customFields: { industry: "x" } },
    ]);
    const preview = async () => {
      const res = await user.client.get(`/api/v1/campaigns/${campaign.id}/launch-preview`);
      expect(res.status).toBe(200);
      return (await res.json()) as {
        problems: string[];
        leads: number;
        steps: number;
        emails: number;
        mailboxes: { email: string; perDay: number; todayLimit: number }[];
        dailyVolume: number;
        firstSendAt: string | null;
        lastSendAt: string | null;
        moreThanAYear: boolean;
      };
    };
    const day = (iso: string | null) => Math.round(new Date(iso!).getTime() / 86_400_000);
    // the mailbox: 100 a day, no gap; every day, all day; two steps two days apart
    const open = await preview();
    expect(open).toMatchObject({
      problems: [],
      leads: 3,
      steps: 2,
      emails: 6,
      mailboxes: [{ email: mailbox.email, perDay: 100, todayLimit: 100 }],
      dailyVolume: 100,
      moreThanAYear: false,
    });
    expect(Math.abs(new Date(open.firstSendAt!).getTime() - Date.now())).toBeLessThan(120_000);
    // first steps today, follow-ups two days later
    expect(day(open.lastSendAt) - day(open.firstSendAt)).toBe(2);

    // a cap of 2 a day: day 0 two first steps, day 1 the third, day 2 two follow-ups, day 3 the last
    expect(
      (
        await user.client.request(`/api/v1/campaigns/${campaign.id}`, {
          method: "PATCH",
          json: { dailyCap: 2 },
        })
      ).status,
    ).toBe(200);
    const capped = await preview();
    expect(capped).toMatchObject({ dailyVolume: 2, emails: 6 });
    expect(day(capped.lastSendAt) - day(capped.firstSendAt)).toBe(3);

    // a campaign that could not launch lists why
    const bare = await user.client.post("/api/v1/campaigns", { name: "Bare", ...everyMinuteUtc, steps: [] });
    const bareId = ((await bare.json()) as { id: string }).id;
    const refused = (await (await user.client.get(`/api/v1/campaigns/${bareId}/launch-preview`)).json()) as {
      problems: string[];
      leads: number;
      firstSendAt: string | null;
    };
    expect(refused.problems).toEqual(["add at least one step", "assign at least one mailbox", "add leads"]);
    expect(refused).toMatchObject({ leads: 0, firstSendAt: null });
  });
});

describe("a reply that links to nothing", () => {
  it("is in the Unlinked view with likely leads and why; one click links it and stops the sequence like a reply", async () => {
    const { prepareInbound, storeInboundMessages } = await import("../../src/lib/inbox/store-message");
    const { mailboxes } = await import("../../src/lib/db/schema");
    const {
      user,
      mailbox,
      campaign,
      leads: [kim],
    } = await setupCampaign(twoSteps(), [
      { email: "kim@initech.test", firstName: "Kim", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await runCampaignTick(getDb(), new Date());
    const [queued] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(await sendCampaignEmail(getDb(), queued!.id)).toBe("sent");
    // a colleague answers from a new message (no threading headers, another address): nothing links it
    const [box] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    const colleague = await prepareInbound({
      uid: 7,
      receivedAt: new Date(),
      raw: Buffer.from(
        [
          "From: Lee <lee@initech.test>",
          `To: ${mailbox.email}`,
          "Subject: your note to our team",
          "Message-ID: <lee-1@initech.test>",
          `Date: ${new Date().toUTCString()}`,
          "",
          "Kim (kim@initech.test) passed this on to me. We are interested, can we talk?",
          "",
        ].join("\r\n"),
      ),
    });
    await getDb().transaction((tx) =>
      storeInboundMessages(tx, { mailbox: box!, folder: "inbox", uidValidity: 1, messages: [colleague] }),
    );
    const unlinked = (await (await user.client.get("/api/v1/inbox/threads?linked=false")).json()) as {
      data: { id: string; from: { email: string }; lead: unknown }[];
    };
    const thread = unlinked.data.find((t) => t.from.email === "lee@initech.test");
    expect(thread).toMatchObject({ lead: null });

    const suggested = (await (
      await user.client.get(`/api/v1/inbox/messages/${thread!.id}/link-suggestions`)
    ).json()) as {
      data: {
        leadId: string;
        campaignId: string;
        sentEmailId: string;
        reason: string;
        explanation: string;
      }[];
    };
    expect(suggested.data[0]).toEqual(
      expect.objectContaining({
        leadId: kim!.id,
        campaignId: campaign.id,
        sentEmailId: queued!.id,
        reason: "named",
        explanation: "kim@initech.test is written in the message",
      }),
    );

    const linked = await user.client.post(`/api/v1/inbox/messages/${thread!.id}/link`, { leadId: kim!.id });
    expect(linked.status).toBe(200);
    const view = (await linked.json()) as {
      lead: { id: string } | null;
      campaign: { id: string } | null;
      messages: { direction: string; linkMethod: string | null; sentEmailId: string | null }[];
    };
    expect(view.lead?.id).toBe(kim!.id);
    expect(view.campaign?.id).toBe(campaign.id);
    expect(view.messages.find((m) => m.direction === "inbound")).toMatchObject({
      linkMethod: "manual",
      sentEmailId: queued!.id,
    });
    // it acts as a reply: Kim's sequence stops
    const [cl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, kim!.id));
    expect(cl!.status).toBe("replied");
    const still = (await (await user.client.get("/api/v1/inbox/threads?linked=false")).json()) as {
      data: { id: string }[];
    };
    expect(still.data.map((t) => t.id)).not.toContain(thread!.id);
    // once only; and another workspace cannot touch it
    expect(
      (await user.client.post(`/api/v1/inbox/messages/${thread!.id}/link`, { leadId: kim!.id })).status,
    ).toBe(409);
    const stranger = await signUp(app.url);
    expect((await stranger.client.get(`/api/v1/inbox/messages/${thread!.id}/link-suggestions`)).status).toBe(
      404,
    );
  });
});

describe("a wrong-person reply", () => {
  it("offers the address it names as a new lead", async () => {
    const { prepareInbound, storeInboundMessages } = await import("../../src/lib/inbox/store-message");
    const { mailboxes } = await import("../../src/lib/db/schema");
    const { user, mailbox, campaign } = await setupCampaign(twoSteps(), [
      { email: "moe@globex.test", firstName: "Moe", customFields: { industry: "x" } },
    ]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`);
    await runCampaignTick(getDb(), new Date());
    const [queued] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(await sendCampaignEmail(getDb(), queued!.id)).toBe("sent");
    const [sent] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, queued!.id));
    const [box] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    const reply = await prepareInbound({
      uid: 9,
      receivedAt: new Date(),
      raw: Buffer.from(
        [
          "From: Moe <moe@globex.test>",
          `To: ${mailbox.email}`,
          `Subject: Re: ${sent!.subject}`,
          "Message-ID: <moe-1@globex.test>",
          `In-Reply-To: ${sent!.messageId}`,
          `Date: ${new Date().toUTCString()}`,
          "",
          "I'm not the right person for this. Please reach out to Dana (dana@globex.test) instead.",
          "",
        ].join("\r\n"),
      ),
    });
    expect(reply.verdict).toMatchObject({ category: "reply", intent: "wrong_person" });
    const [stored] = await getDb().transaction((tx) =>
      storeInboundMessages(tx, { mailbox: box!, folder: "inbox", uidValidity: 1, messages: [reply] }).then(
        (r) => r.storedIds,
      ),
    );
    const thread = (await (await user.client.get(`/api/v1/inbox/threads/${stored}`)).json()) as {
      messages: {
        direction: string;
        intent: string | null;
        referral: string | null;
        linkMethod: string | null;
      }[];
    };
    expect(thread.messages.find((m) => m.direction === "inbound")).toMatchObject({
      intent: "wrong_person",
      referral: "dana@globex.test",
      linkMethod: "in_reply_to",
    });
    // our own email in the thread offers nothing
    expect(thread.messages.find((m) => m.direction === "outbound")).toMatchObject({ referral: null });
  });
});
