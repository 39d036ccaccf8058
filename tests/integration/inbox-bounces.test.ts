import { and, desc, eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPersonalWorkspace } from "../../src/lib/auth/personal-workspace";
import { campaignAnalytics } from "../../src/lib/campaigns/analytics";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  domainHealthChecks,
  domains,
  emailEvents,
  events,
  inboxMessages,
  leads,
  mailboxes,
  sentEmails,
  suppressions,
  users,
} from "../../src/lib/db/schema";
import { getThread } from "../../src/lib/inbox/get-thread";
import { syncMailbox } from "../../src/lib/inbox/sync";
import { makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { type MailServer, startMailServer } from "./helpers/mail-server";

// Complaints, sender-side blocks and soft bounces arrive in a real Dovecot INBOX (IMAP APPEND) and
// go through the sync: each test asserts what its notice changes, and what it must leave alone.
let mail: MailServer;
beforeAll(async () => {
  mail = await startMailServer();
});
afterAll(async () => {
  await mail?.stop();
});

const PASSWORD = "bounce-password-1";
let n = 0;

/** A workspace with a real IMAP mailbox at its own sending domain, and one campaign email per lead. */
async function workspaceWithSends(leadCount: number) {
  const db = getDb();
  const stamp = `${Date.now()}-${++n}`;
  const userId = crypto.randomUUID();
  await db.insert(users).values({ id: userId, name: "Owner", email: `owner-${stamp}@example.test` });
  const { id: workspaceId } = await createPersonalWorkspace(db, {
    userId,
    userName: "Owner",
    email: `owner-${stamp}@example.test`,
  });
  const domain = `send-${stamp}.test`;
  const address = `alex@${domain}`;
  await mail.addUser(address, PASSWORD);
  const mailbox = await makeMailbox(workspaceId, mail.smtpPort, {
    email: address,
    imapHost: "127.0.0.1",
    imapPort: mail.imapPort,
    imapSecurity: "none",
    imapUser: address,
    imapPasswordEnc: encryptSecret(PASSWORD),
  });
  const [domainRow] = await db
    .insert(domains)
    .values({ id: crypto.randomUUID(), workspaceId, name: domain, healthScore: 90, healthState: "healthy" })
    .returning();
  const campaignId = crypto.randomUUID();
  await db.insert(campaigns).values({ id: campaignId, workspaceId, name: "Bounces", status: "active" });
  const stepId = crypto.randomUUID();
  await db.insert(campaignSteps).values({ id: stepId, workspaceId, campaignId, position: 1 });
  const people = await makeLeads(
    workspaceId,
    Array.from({ length: leadCount }, (_, i) => ({ email: `lead${i}-${stamp}@client.test` })),
  );
  const sends = [];
  for (const lead of people) {
    const campaignLeadId = crypto.randomUUID();
    await db.insert(campaignLeads).values({ id: campaignLeadId, workspaceId, campaignId, leadId: lead.id });
    const id = crypto.randomUUID();
    const [row] = await db
      .insert(sentEmails)
      .values({
        id,
        workspaceId,
        campaignId,
        campaignLeadId,
        leadId: lead.id,
        stepId,
        mailboxId: mailbox.id,
        status: "sent",
        messageId: `<${id}.abc@${domain}>`,
        fromEmail: address,
        toEmail: lead.email,
        subject: "Quick question",
        sentAt: new Date(),
      })
      .returning();
    sends.push(row!);
  }
  return { workspaceId, mailbox, domain: domainRow!, campaignId, leads: people, sends };
}

type Send = Awaited<ReturnType<typeof workspaceWithSends>>["sends"][number];

async function append(user: string, raws: string[]) {
  const imap = new ImapFlow({
    host: "127.0.0.1",
    port: mail.imapPort,
    secure: false,
    auth: { user, pass: PASSWORD },
    logger: false,
  });
  await imap.connect();
  try {
    for (const raw of raws) await imap.append("INBOX", raw, [], new Date());
  } finally {
    await imap.logout();
  }
}

/** The headers of the campaign email a notice returns. */
const originalHeaders = (s: Send) =>
  [
    `From: Alex <${s.fromEmail}>`,
    `To: ${s.toEmail}`,
    "Subject: Quick question",
    `Message-ID: ${s.messageId}`,
    `X-Campaign-ID: ${s.campaignId}`,
    `X-Lead-ID: ${s.leadId}`,
  ].join("\r\n");

/** An ARF report (RFC 5965) of the send, the original attached inline as the RFC's example does. */
const arf = (s: Send, id: string) =>
  [
    "From: <fbl@isp.test>",
    `To: <${s.fromEmail}>`,
    "Subject: FW: Quick question",
    `Message-ID: ${id}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
    "",
    "--arf",
    "Content-Type: text/plain",
    "",
    "This is an email abuse report.",
    "",
    "--arf",
    "Content-Type: message/feedback-report",
    "",
    "Feedback-Type: abuse",
    "User-Agent: ISP-FBL/1.0",
    "Version: 1",
    `Original-Rcpt-To: <${s.toEmail}>`,
    "Reporting-MTA: dns; mx.isp.test",
    "",
    "--arf",
    "Content-Type: message/rfc822",
    "Content-Disposition: inline",
    "",
    originalHeaders(s),
    "",
    "Hi, quick question.",
    "--arf--",
    "",
  ].join("\r\n");

/** A non-delivery notice (OpenSMTPD's wording) with the given reply, returning the send's headers. */
const notice = (s: Send, id: string, reply: string) =>
  [
    "From: Mailer Daemon <MAILER-DAEMON@mx.client.test>",
    `To: ${s.fromEmail}`,
    "Subject: Delivery status notification: error",
    `Message-ID: ${id}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="ntc"',
    "",
    "--ntc",
    "Content-Type: text/plain",
    "",
    "This is the MAILER-DAEMON, please DO NOT REPLY to this email.",
    "",
    "An error has occurred while attempting to deliver a message for",
    "the following list of recipients:",
    "",
    `${s.toEmail}: ${reply}`,
    "",
    "--ntc",
    "Content-Type: text/rfc822-headers",
    "",
    originalHeaders(s),
    "",
    "--ntc--",
    "",
  ].join("\r\n");

const campaignLeadOf = async (s: Send) =>
  (await getDb().select().from(campaignLeads).where(eq(campaignLeads.id, s.campaignLeadId)))[0]!;
const leadOf = async (s: Send) => (await getDb().select().from(leads).where(eq(leads.id, s.leadId)))[0]!;
const suppressionOf = async (workspaceId: string, email: string) =>
  (
    await getDb()
      .select()
      .from(suppressions)
      .where(and(eq(suppressions.workspaceId, workspaceId), eq(suppressions.value, email)))
  )[0];
const eventsOf = async (workspaceId: string, type: string) =>
  getDb()
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.type, type)));

describe("spam complaints", () => {
  it("an ARF report is a complaint, never a reply: suppressed, sequence stopped, counted, lead.complained", async () => {
    const w = await workspaceWithSends(2);
    const db = getDb();
    const s = w.sends[0]!;
    await append(w.mailbox.email, [arf(s, "<arf-1@isp.test>")]);
    await syncMailbox(db, w.mailbox.id);

    const [m] = await db.select().from(inboxMessages).where(eq(inboxMessages.messageId, "<arf-1@isp.test>"));
    expect(m).toMatchObject({ category: "complaint", intent: null, autoReply: true, linkMethod: "dsn" });
    expect(m!.sentEmailId).toBe(s.id);

    expect(await suppressionOf(w.workspaceId, s.toEmail)).toMatchObject({ reason: "complained" });
    expect((await leadOf(s)).status).toBe("unsubscribed");
    expect(await campaignLeadOf(s)).toMatchObject({ status: "unsubscribed" });
    expect((await campaignLeadOf(s)).stoppedReason).toContain("complained");
    // the other lead of the campaign is untouched
    expect((await campaignLeadOf(w.sends[1]!)).status).toBe("queued");

    const counted = await db
      .select()
      .from(emailEvents)
      .where(and(eq(emailEvents.sentEmailId, s.id), eq(emailEvents.type, "complaint")));
    expect(counted).toHaveLength(1);
    expect((await campaignAnalytics(db, w.workspaceId, w.campaignId)).totals).toMatchObject({
      complained: 1,
      replied: 0,
    });

    const complained = await eventsOf(w.workspaceId, "lead.complained");
    expect(complained).toHaveLength(1);
    expect(complained[0]!.payload).toMatchObject({
      campaignId: w.campaignId,
      leadId: s.leadId,
      email: s.toEmail,
      sentEmailId: s.id,
      complaint: { feedbackType: "abuse", recipient: s.toEmail, reporter: "mx.isp.test" },
    });
    expect(await eventsOf(w.workspaceId, "reply.received")).toHaveLength(0);
  });
});

describe("bounce reasons and their effects", () => {
  it("a sender-side block keeps the lead, pauses the sending mailbox and warns on its domain with the diagnostic", async () => {
    const w = await workspaceWithSends(1);
    const db = getDb();
    const s = w.sends[0]!;
    const reply = "550 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org";
    await append(w.mailbox.email, [notice(s, "<block-1@mx.client.test>", reply)]);
    await syncMailbox(db, w.mailbox.id);

    const [m] = await db
      .select()
      .from(inboxMessages)
      .where(eq(inboxMessages.messageId, "<block-1@mx.client.test>"));
    expect(m).toMatchObject({ category: "bounce", bounceType: "block", bounceReason: "policy_blocked" });
    expect(m!.bounce).toEqual({
      type: "block",
      reason: "policy_blocked",
      recipient: s.toEmail,
      status: "5.7.1",
      diagnostic: reply,
    });

    // the lead is fine: not suppressed, its sequence waits for the mailbox
    expect(await suppressionOf(w.workspaceId, s.toEmail)).toBeUndefined();
    expect((await leadOf(s)).status).toBe("active");
    expect((await campaignLeadOf(s)).status).toBe("queued");

    const [box] = await db.select().from(mailboxes).where(eq(mailboxes.id, w.mailbox.id));
    expect(box!.status).toBe("paused");
    expect(box!.statusReason).toContain("policy_blocked 5.7.1");
    expect(box!.statusReason).toContain("blocked using zen.spamhaus.org");

    const [domain] = await db.select().from(domains).where(eq(domains.id, w.domain.id));
    expect(domain!.healthState).toBe("warning");
    const [check] = await db
      .select()
      .from(domainHealthChecks)
      .where(eq(domainHealthChecks.domainId, w.domain.id))
      .orderBy(desc(domainHealthChecks.checkedAt));
    expect(check).toMatchObject({ state: "warning", changed: true, score: 90 });
    expect(check!.items).toEqual([
      expect.objectContaining({ key: "sender_block", state: "warn", reason: expect.stringContaining(reply) }),
    ]);
    const changed = await eventsOf(w.workspaceId, "domain.health_changed");
    expect(changed.map((e) => e.payload)).toEqual([
      expect.objectContaining({ domain: w.domain.name, previousState: "healthy", state: "warning" }),
    ]);
    const bounced = await eventsOf(w.workspaceId, "lead.bounced");
    expect(bounced.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        leadId: s.leadId,
        suppressed: false,
        bounce: expect.objectContaining({ type: "block", reason: "policy_blocked" }),
      }),
    ]);

    // the API shows the reason on the message
    const thread = await getThread(db, w.workspaceId, m!.id);
    const view = thread.messages.find((x) => x.id === m!.id);
    expect(view && "bounce" in view ? view.bounce : undefined).toEqual({
      type: "block",
      reason: "policy_blocked",
      status: "5.7.1",
      recipient: s.toEmail,
      diagnostic: reply,
    });
  });

  it("a full mailbox (5.2.2) is soft: nothing changes until SOFT_BOUNCE_SUPPRESS_AFTER (3) of them", async () => {
    const w = await workspaceWithSends(1);
    const db = getDb();
    const s = w.sends[0]!;
    const full = "552 5.2.2 Mailbox full";
    await append(w.mailbox.email, [
      notice(s, "<full-1@mx.client.test>", full),
      notice(s, "<full-2@mx.client.test>", full),
    ]);
    await syncMailbox(db, w.mailbox.id);
    const soft = await db.select().from(inboxMessages).where(eq(inboxMessages.mailboxId, w.mailbox.id));
    expect(soft.map((m) => [m.bounceType, m.bounceReason])).toEqual([
      ["soft", "mailbox_full"],
      ["soft", "mailbox_full"],
    ]);
    expect(await suppressionOf(w.workspaceId, s.toEmail)).toBeUndefined();
    expect((await campaignLeadOf(s)).status).toBe("queued");
    expect(await eventsOf(w.workspaceId, "lead.bounced")).toHaveLength(0);

    await append(w.mailbox.email, [notice(s, "<full-3@mx.client.test>", full)]);
    await syncMailbox(db, w.mailbox.id);
    expect(await suppressionOf(w.workspaceId, s.toEmail)).toMatchObject({ reason: "bounced" });
    expect(await campaignLeadOf(s)).toMatchObject({ status: "bounced" });
    expect((await campaignLeadOf(s)).stoppedReason).toContain("bounced softly 3 times");
    const bounced = await eventsOf(w.workspaceId, "lead.bounced");
    expect(bounced.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        suppressed: true,
        bounce: expect.objectContaining({ type: "soft", reason: "mailbox_full", status: "5.2.2" }),
      }),
    ]);
    // the mailbox is not to blame
    const [box] = await db.select().from(mailboxes).where(eq(mailboxes.id, w.mailbox.id));
    expect(box!.status).toBe("active");
  });

  it("an unknown user (5.1.1) is hard: suppressed at once", async () => {
    const w = await workspaceWithSends(1);
    const db = getDb();
    const s = w.sends[0]!;
    await append(w.mailbox.email, [notice(s, "<hard-1@mx.client.test>", "550 5.1.1 User unknown")]);
    await syncMailbox(db, w.mailbox.id);
    expect(await suppressionOf(w.workspaceId, s.toEmail)).toMatchObject({ reason: "bounced" });
    expect((await leadOf(s)).status).toBe("bounced");
    const [sent] = await db.select().from(sentEmails).where(eq(sentEmails.id, s.id));
    expect(sent!.status).toBe("bounced");
    const bounced = await eventsOf(w.workspaceId, "lead.bounced");
    expect(bounced[0]!.payload).toMatchObject({
      suppressed: true,
      bounce: { type: "hard", reason: "user_unknown", status: "5.1.1", recipient: s.toEmail },
    });
  });
});
