import { and, eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverNotifications } from "../../src/lib/app-mail/deliver-notifications";
import { resetEnvCache } from "../../src/lib/config/env";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignMailboxes,
  campaignSteps,
  campaigns,
  domains,
  emailEvents,
  events,
  inboxMessages,
  members,
  notificationDeliveries,
  sentEmails,
  stepVariants,
  workspaceMailers,
} from "../../src/lib/db/schema";
import { warnSenderBlocked } from "../../src/lib/inbox/warn-sender-blocked";
import { recordAuthFailure } from "../../src/lib/mailboxes/auth-failures";
import { queueDailyDigests } from "../../src/lib/notifications/queue-daily-digests";
import { enqueue } from "../../src/lib/queue/enqueue";
import { notificationsDeliver } from "../../src/lib/queue/jobs";
import { startWorker } from "../../src/lib/queue/run-worker";
import { recordEvent } from "../../src/lib/sending/record-event";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { everyMinuteUtc, makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { header, startSmtpCapture } from "./helpers/smtp-capture";
import { signUp } from "./helpers/users";

/**
 * Notification emails people opt into, per workspace: campaign paused, mailbox error, domain
 * health changed, and the daily digest. Queued where the matching events are emitted, sent by
 * the notifications.deliver job through the workspace's mailer (a loopback SMTP server that keeps
 * what it receives), each once: two workers and a retried job send nothing twice.
 */
let app: AppServer;
let capture: Awaited<ReturnType<typeof startSmtpCapture>>;
const db = () => getDb();
const OPS = "ops@coldframe-ops.test";

type Person = Awaited<ReturnType<typeof signUp>> & { userId: string };
let owner: Person;
let opted: Person; // a member who turns every kind on
let quiet: Person; // a member who turns nothing on

beforeAll(async () => {
  capture = await startSmtpCapture();
  app = await startAppServer({
    SYSTEM_SMTP_URL: `smtp://ops:pw@127.0.0.1:${capture.port}/?ignoreTLS=true`,
    SYSTEM_MAIL_FROM: `Coldframe <${OPS}>`,
  });
  resetEnvCache();
  const person = async (name: string): Promise<Person> => {
    const p = await signUp(app.url, { name });
    const me = (await (await p.client.get("/api/v1/me")).json()) as { user: { id: string } };
    return { ...p, userId: me.user.id };
  };
  owner = await person("Olive Owner");
  opted = await person("Otto Opted");
  quiet = await person("Quinn Quiet");
  for (const p of [opted, quiet]) {
    await db().insert(members).values({
      id: crypto.randomUUID(),
      organizationId: owner.workspaceId,
      userId: p.userId,
      role: "member",
    });
    const res = await p.client.post("/api/auth/organization/set-active", {
      organizationId: owner.workspaceId,
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await app?.close();
  await capture?.close();
  delete process.env.SYSTEM_SMTP_URL;
  delete process.env.SYSTEM_MAIL_FROM;
  resetEnvCache();
});

const all = { campaignPaused: true, mailboxError: true, domainHealth: true, dailyDigest: true };
const none = { campaignPaused: false, mailboxError: false, domainHealth: false, dailyDigest: false };

type Mail = { subject: string; from: string; contentType: string; text: string };

/** The notification emails a person received with a subject matching, parsed. */
async function mailTo(p: Person, subject: RegExp): Promise<Mail[]> {
  const parsed = await Promise.all(
    capture.to(p.email).map(async (m) => {
      const mail = await simpleParser(m.raw);
      return {
        subject: mail.subject ?? "",
        from: header(m.raw, "From") ?? "",
        contentType: header(m.raw, "Content-Type") ?? "",
        text: mail.text ?? "",
      };
    }),
  );
  return parsed.filter((m) => subject.test(m.subject));
}

/** Two workers delivering at once, then a retry of the job: what it would do in production. */
async function deliverTwiceAndRetry() {
  await Promise.all([deliverNotifications(db()), deliverNotifications(db())]);
  await deliverNotifications(db());
}

describe("preferences", () => {
  it("are all off until chosen, per person and workspace, and a PUT gives every switch", async () => {
    expect(await (await opted.client.get("/api/v1/me/notifications")).json()).toEqual(none);
    const saved = await opted.client.put("/api/v1/me/notifications", all);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual(all);
    expect(await (await opted.client.get("/api/v1/me/notifications")).json()).toEqual(all);
    // another person's choices are their own
    expect(await (await quiet.client.get("/api/v1/me/notifications")).json()).toEqual(none);

    const partial = await opted.client.put("/api/v1/me/notifications", { dailyDigest: false });
    expect(partial.status).toBe(400);
    const wrong = await opted.client.put("/api/v1/me/notifications", { ...all, campaignPaused: "yes" });
    expect(wrong.status).toBe(400);
    const extra = await opted.client.put("/api/v1/me/notifications", { ...all, everything: true });
    expect(extra.status).toBe(400);
    expect(await (await opted.client.get("/api/v1/me/notifications")).json()).toEqual(all);
  });
});

describe("campaign paused", () => {
  it("by hand: the opted-in members are emailed once, not the person who paused it", async () => {
    await owner.client.put("/api/v1/me/notifications", all); // the owner opted in, but paused it themselves
    const campaignId = crypto.randomUUID();
    await db()
      .insert(campaigns)
      .values({
        id: campaignId,
        workspaceId: owner.workspaceId,
        name: "Spring outreach",
        status: "active",
        ...everyMinuteUtc,
      });
    const res = await owner.client.post(`/api/v1/campaigns/${campaignId}/pause`);
    expect(res.status).toBe(200);
    // a second pause of a paused campaign is no news
    expect((await owner.client.post(`/api/v1/campaigns/${campaignId}/pause`)).status).toBe(200);
    const [event] = await db()
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, owner.workspaceId), eq(events.type, "campaign.paused")));
    expect(event!.payload).toMatchObject({
      campaignId,
      name: "Spring outreach",
      pausedByName: "Olive Owner",
    });

    await deliverTwiceAndRetry();
    const got = await mailTo(opted, /Campaign "Spring outreach" was paused/);
    expect(got).toHaveLength(1);
    const raw = got[0]!.text;
    expect(got[0]!.from).toBe(`Coldframe <${OPS}>`);
    expect(got[0]!.contentType).toMatch(/^text\/plain/);
    expect(raw).toContain('The campaign "Spring outreach" was paused by Olive Owner.');
    expect(raw).toContain(`${app.url}/campaigns/${campaignId}`);
    expect(raw).toContain(`${app.url}/settings/notifications`);
    expect(await mailTo(owner, /was paused/)).toHaveLength(0);
    expect(await mailTo(quiet, /was paused/)).toHaveLength(0);
    const rows = await db()
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.kind, "campaign_paused"));
    expect(rows.map((r) => [r.userId, r.status, r.sentVia])).toEqual([[opted.userId, "sent", "system"]]);
  });
});

describe("campaign paused automatically", () => {
  it("a bounce rate over the limit pauses the campaign once, and everyone opted in is told why", async () => {
    const ws = owner.workspaceId;
    const mailbox = await makeMailbox(ws, capture.port);
    const campaignId = crypto.randomUUID();
    await db()
      .insert(campaigns)
      .values({ id: campaignId, workspaceId: ws, name: "Bad list", status: "active", ...everyMinuteUtc });
    const stepId = crypto.randomUUID();
    await db()
      .insert(campaignSteps)
      .values({ id: stepId, workspaceId: ws, campaignId, position: 1, delayMinutes: 0 });
    const variantId = crypto.randomUUID();
    await db()
      .insert(stepVariants)
      .values({ id: variantId, workspaceId: ws, stepId, label: "A", subject: "Hi", bodyText: "Hello" });
    // 20 emails sent (AUTO_PAUSE_MIN_SENT): each bounce is 5 % of them
    const leadRows = await makeLeads(
      ws,
      Array.from({ length: 20 }, () => ({})),
    );
    const sent = leadRows.map((lead) => ({
      id: crypto.randomUUID(),
      workspaceId: ws,
      campaignId,
      stepId,
      variantId,
      leadId: lead.id,
    }));
    await db()
      .insert(campaignLeads)
      .values(sent.map((x) => ({ id: x.id, workspaceId: ws, campaignId, leadId: x.leadId })));
    await db()
      .insert(sentEmails)
      .values(
        sent.map((x, i) => ({
          ...x,
          campaignLeadId: x.id,
          mailboxId: mailbox.id,
          status: "sent" as const,
          messageId: `<${x.id}@outreach.test>`,
          fromEmail: mailbox.email,
          toEmail: leadRows[i]!.email,
        })),
      );
    for (const x of sent) await recordEvent(db(), x, "sent", new Date());
    const status = async () =>
      (await db().select({ s: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId)))[0]!.s;

    // 2 of 20 is 10 %: not over the 10 % limit
    for (const x of sent.slice(0, 2))
      await db().transaction((tx) => recordEvent(tx, x, "bounce", new Date()));
    expect(await status()).toBe("active");
    // the third (15 %) pauses it; the fourth finds it paused already
    for (const x of sent.slice(2, 4))
      await db().transaction((tx) => recordEvent(tx, x, "bounce", new Date()));
    expect(await status()).toBe("paused");
    const emitted = await db()
      .select({ payload: events.payload })
      .from(events)
      .where(
        and(eq(events.type, "campaign.paused"), sql`${events.payload} ->> 'campaignId' = ${campaignId}`),
      );
    expect(emitted).toEqual([
      {
        payload: {
          campaignId,
          name: "Bad list",
          pausedByUserId: null,
          pausedByName: null,
          reason: "its bounce rate is 15% (3 of 20 emails), over the 10% limit",
        },
      },
    ]);

    await deliverTwiceAndRetry();
    for (const p of [owner, opted]) {
      const got = await mailTo(p, /Campaign "Bad list" was paused/);
      expect(got).toHaveLength(1);
      expect(got[0]!.text).toContain(
        'The campaign "Bad list" was paused automatically: its bounce rate is 15% (3 of 20 emails), over the 10% limit.',
      );
    }
    expect(await mailTo(quiet, /Bad list/)).toHaveLength(0);
  });
});

describe("mailbox error", () => {
  it("a mailbox whose logins keep failing is reported once, through the workspace's chosen mailbox", async () => {
    const mailer = await makeMailbox(owner.workspaceId, capture.port, { fromName: "Acme ops" });
    await db().insert(workspaceMailers).values({ workspaceId: owner.workspaceId, mailboxId: mailer.id });
    try {
      const failing = await makeMailbox(owner.workspaceId, capture.port);
      for (let i = 0; i < 5; i++)
        await recordAuthFailure(db(), failing.id, "SMTP login failed: 535 bad password");
      await deliverTwiceAndRetry();
      const got = await mailTo(opted, /stopped sending/);
      expect(got).toHaveLength(1);
      expect(got[0]!.subject).toBe(`Mailbox ${failing.email} stopped sending`);
      expect(got[0]!.from).toBe(`Acme ops <${mailer.email}>`);
      expect(got[0]!.text).toContain("3 failed logins in a row");
      expect(got[0]!.text).toContain(`${app.url}/mailboxes`);
      expect(await mailTo(owner, /stopped sending/)).toHaveLength(1); // the app stopped it, not the owner
      expect(await mailTo(quiet, /stopped sending/)).toHaveLength(0);
    } finally {
      await db().delete(workspaceMailers).where(eq(workspaceMailers.workspaceId, owner.workspaceId));
    }
  });
});

describe("domain health changed", () => {
  it("a receiver blocking a mailbox warns on its domain: all three are reported, each once", async () => {
    const domainId = crypto.randomUUID();
    const name = `blocked-${domainId.slice(0, 6)}.test`;
    await db().insert(domains).values({
      id: domainId,
      workspaceId: owner.workspaceId,
      name,
      healthState: "healthy",
      healthScore: 95,
    });
    const mailbox = await makeMailbox(owner.workspaceId, capture.port, { email: `sam@${name}` });
    // one campaign sends only from it, another has a second mailbox that keeps sending
    const other = await makeMailbox(owner.workspaceId, capture.port);
    const [alone, shared] = [crypto.randomUUID(), crypto.randomUUID()];
    await db()
      .insert(campaigns)
      .values([
        { id: alone, workspaceId: owner.workspaceId, name: "Only Sam", status: "active", ...everyMinuteUtc },
        {
          id: shared,
          workspaceId: owner.workspaceId,
          name: "Sam and friend",
          status: "active",
          ...everyMinuteUtc,
        },
      ]);
    await db()
      .insert(campaignMailboxes)
      .values([
        { campaignId: alone, mailboxId: mailbox.id, workspaceId: owner.workspaceId },
        { campaignId: shared, mailboxId: mailbox.id, workspaceId: owner.workspaceId },
        { campaignId: shared, mailboxId: other.id, workspaceId: owner.workspaceId },
      ]);
    const bounce = {
      type: "block",
      reason: "policy",
      status: "5.7.1",
      recipient: "lead@example.test",
      diagnostic: "550 5.7.1 Message rejected as spam",
    } as const;
    await db().transaction((tx) =>
      warnSenderBlocked(tx, {
        workspaceId: owner.workspaceId,
        mailboxId: mailbox.id,
        bounce: bounce as never,
      }),
    );
    await deliverTwiceAndRetry();
    const health = await mailTo(opted, new RegExp(`Domain ${name} health`));
    expect(health).toHaveLength(1);
    expect(health[0]!.subject).toBe(`Domain ${name} health got worse: warning`);
    expect(health[0]!.text).toContain(`The health of ${name} went from healthy to warning`);
    expect(health[0]!.text).toContain(`${app.url}/domains/${domainId}`);
    expect(await mailTo(opted, new RegExp(`Mailbox sam@${name} stopped sending`))).toHaveLength(1);
    expect(await mailTo(quiet, /health|stopped/)).toHaveLength(0);

    // the campaign left without a sending mailbox paused itself, saying why; the other goes on
    const statusOf = async (id: string) =>
      (await db().select({ s: campaigns.status }).from(campaigns).where(eq(campaigns.id, id)))[0]!.s;
    expect(await statusOf(alone)).toBe("paused");
    expect(await statusOf(shared)).toBe("active");
    const paused = await mailTo(opted, /Campaign "Only Sam" was paused/);
    expect(paused).toHaveLength(1);
    expect(paused[0]!.text).toContain(
      `The campaign "Only Sam" was paused automatically: its last sending mailbox, sam@${name}, was paused: A receiver refused our mail (policy 5.7.1): 550 5.7.1 Message rejected as spam.`,
    );
    expect(await mailTo(opted, /Sam and friend/)).toHaveLength(0);
  });
});

describe("daily digest", () => {
  const now = new Date();
  const yesterday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 12 * 3600_000,
  );

  it("sums yesterday per workspace for those who opted in, once, and skips a day with nothing", async () => {
    // a day of activity in the owner's workspace: 3 sent, 2 replies (1 interested), 1 bounce, 1 complaint
    const ws = owner.workspaceId;
    const mailbox = await makeMailbox(ws, capture.port);
    const campaignId = crypto.randomUUID();
    await db()
      .insert(campaigns)
      .values({ id: campaignId, workspaceId: ws, name: "D", status: "active", ...everyMinuteUtc });
    const stepId = crypto.randomUUID();
    await db()
      .insert(campaignSteps)
      .values({ id: stepId, workspaceId: ws, campaignId, position: 1, delayMinutes: 0 });
    const variantId = crypto.randomUUID();
    await db()
      .insert(stepVariants)
      .values({ id: variantId, workspaceId: ws, stepId, label: "A", subject: "Hi", bodyText: "Hello" });
    const [lead] = await makeLeads(ws, [{}]);
    const clId = crypto.randomUUID();
    await db().insert(campaignLeads).values({ id: clId, workspaceId: ws, campaignId, leadId: lead!.id });
    const sentId = crypto.randomUUID();
    await db()
      .insert(sentEmails)
      .values({
        id: sentId,
        workspaceId: ws,
        campaignId,
        campaignLeadId: clId,
        leadId: lead!.id,
        stepId,
        variantId,
        mailboxId: mailbox.id,
        status: "sent",
        messageId: `<${sentId}@outreach.test>`,
        fromEmail: mailbox.email,
        toEmail: lead!.email,
      });
    const types = ["sent", "sent", "sent", "reply", "reply", "bounce", "complaint"] as const;
    await db()
      .insert(emailEvents)
      .values(
        types.map((type) => ({
          id: crypto.randomUUID(),
          workspaceId: ws,
          sentEmailId: sentId,
          campaignId,
          leadId: lead!.id,
          type,
          createdAt: yesterday,
        })),
      );
    // today's activity is not yesterday's
    await db().insert(emailEvents).values({
      id: crypto.randomUUID(),
      workspaceId: ws,
      sentEmailId: sentId,
      campaignId,
      leadId: lead!.id,
      type: "sent",
    });
    await db().insert(inboxMessages).values({
      id: crypto.randomUUID(),
      workspaceId: ws,
      mailboxId: mailbox.id,
      folder: "inbox",
      category: "reply",
      intent: "interested",
      receivedAt: yesterday,
    });
    // a workspace where nothing happened, with someone who wants its digest
    await quiet.client.post("/api/auth/organization/set-active", { organizationId: quiet.workspaceId });
    expect((await quiet.client.put("/api/v1/me/notifications", { ...none, dailyDigest: true })).status).toBe(
      200,
    );

    // the schedule fired on two workers, and once more as a retry
    await Promise.all([queueDailyDigests(db(), now), queueDailyDigests(db(), now)]);
    expect(await queueDailyDigests(db(), now)).toEqual([]);
    await deliverTwiceAndRetry();

    const day = yesterday.toISOString().slice(0, 10);
    for (const p of [opted, owner]) {
      const got = await mailTo(p, /sent, .* replies on/);
      expect(got).toHaveLength(1);
      expect(got[0]!.subject).toBe(`${await workspaceName()}: 3 sent, 2 replies on ${day}`);
      const text = got[0]!.text;
      expect(text).toContain(
        `Your workspace on ${day} (UTC):\n\n  Sent        3\n  Replies     2\n  Interested  1\n  Bounces     1\n  Complaints  1\n`,
      );
      expect(text).toContain(`${app.url}/settings/notifications`);
    }
    expect(await mailTo(quiet, /replies on/)).toHaveLength(0);
  });
});

async function workspaceName() {
  const me = (await (await owner.client.get("/api/v1/me")).json()) as { workspace: { name: string } };
  return me.workspace.name;
}

describe("through the queue", () => {
  it("two workers taking notifications.deliver jobs at once send the email once", async () => {
    const workers = await Promise.all(
      [1, 2].map(() =>
        startWorker({
          databaseUrl: process.env.DATABASE_URL!,
          definitions: [notificationsDeliver],
          handlers: { "notifications.deliver": handlers["notifications.deliver"] },
        }),
      ),
    );
    try {
      const campaignId = crypto.randomUUID();
      await db()
        .insert(campaigns)
        .values({
          id: campaignId,
          workspaceId: owner.workspaceId,
          name: "Queued news",
          status: "active",
          ...everyMinuteUtc,
        });
      expect((await owner.client.post(`/api/v1/campaigns/${campaignId}/pause`)).status).toBe(200);
      const ids = await Promise.all([1, 2, 3].map(() => enqueue("notifications.deliver", {})));
      const boss = workers[0]!.boss;
      await until("the three delivery jobs done", async () => {
        const done = await Promise.all(ids.map((id) => boss.getJobById("notifications.deliver", id!)));
        return done.every((j) => j?.state === "completed");
      });
      expect(await mailTo(opted, /Campaign "Queued news" was paused/)).toHaveLength(1);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});

describe("without a mailer", () => {
  it("a notification is kept as skipped, and nothing is sent", async () => {
    delete process.env.SYSTEM_SMTP_URL;
    resetEnvCache();
    try {
      const before = capture.messages.length;
      const campaignId = crypto.randomUUID();
      await db()
        .insert(campaigns)
        .values({
          id: campaignId,
          workspaceId: owner.workspaceId,
          name: "Quiet one",
          status: "active",
          ...everyMinuteUtc,
        });
      await owner.client.post(`/api/v1/campaigns/${campaignId}/pause`);
      await deliverNotifications(db());
      expect(capture.messages.length).toBe(before);
      const rows = await db()
        .select({ status: notificationDeliveries.status, sentVia: notificationDeliveries.sentVia })
        .from(notificationDeliveries)
        .where(
          and(
            eq(notificationDeliveries.kind, "campaign_paused"),
            eq(notificationDeliveries.userId, opted.userId),
          ),
        );
      expect(rows).toContainEqual({ status: "skipped", sentVia: "no mailer configured" });
    } finally {
      process.env.SYSTEM_SMTP_URL = `smtp://ops:pw@127.0.0.1:${capture.port}/?ignoreTLS=true`;
      resetEnvCache();
    }
  });
});
