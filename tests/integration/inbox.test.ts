import { and, eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  events,
  type InboxMessage,
  inboxMessages,
  leads,
  mailboxes,
  mailboxFolders,
  sentEmails,
  suppressions,
} from "../../src/lib/db/schema";
import { parseHeaderBlock } from "../../src/lib/inbox/parse-header-block";
import { parseMessage } from "../../src/lib/inbox/parse-message";
import { syncMailbox } from "../../src/lib/inbox/sync";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { handlers, loops } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { everyMinuteUtc, makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { received } from "./helpers/imap-inbox";
import { type MailServer, startMailServer } from "./helpers/mail-server";
import { jobsOf } from "./helpers/net-jobs";
import { signUp } from "./helpers/users";

// Replies from real people carry In-Reply-To/References, never our X- headers: the whole path
// runs through real Postfix (SMTP) and Dovecot (IMAP) on loopback.
let app: AppServer;
let mail: MailServer;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  app = await startAppServer();
  // senders at m365.test get what Microsoft 365 does: Message-ID rewritten in transit, own Sent copy
  mail = await startMailServer({ rewriteMessageIdsFor: [M365] });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(10_000)));
});
afterAll(async () => {
  await mail?.stop();
  await app?.close();
});

/** Sync the mailbox until a stored message matches. */
const syncUntil = (what: string, mailboxId: string, match: (m: InboxMessage) => boolean) =>
  until(what, async () => {
    await syncMailbox(getDb(), mailboxId);
    return (await getDb().select().from(inboxMessages).where(eq(inboxMessages.mailboxId, mailboxId))).find(
      match,
    );
  });

const PASSWORD = "mail-password-1";
const M365 = "m365.test";
type StepInput = {
  delayMinutes?: number;
  newThread?: boolean;
  variants: { subject: string; bodyText: string }[];
};
let n = 0;
/** A workspace whose mailbox is a real Dovecot user sending through Postfix, and a launched campaign. */
async function scenario(
  leadEmails: string[],
  opts: { stopOnCompanyReply?: boolean; senderDomain?: string; steps?: StepInput[] } = {},
) {
  const { senderDomain = "outreach.test", steps, ...options } = opts;
  const user = await signUp(app.url);
  const sender = `sender${++n}-${Date.now()}@${senderDomain}`;
  await mail.addUser(sender, PASSWORD);
  for (const e of leadEmails) if (!e.endsWith(`@${mail.bounceDomain}`)) await mail.addUser(e, PASSWORD);
  const mailbox = await makeMailbox(user.workspaceId, mail.smtpPort, {
    email: sender,
    smtpUser: sender,
    imapHost: "127.0.0.1",
    imapPort: mail.imapPort,
    imapSecurity: "none",
    imapUser: sender,
    imapPasswordEnc: (await import("../../src/lib/crypto")).encryptSecret(PASSWORD),
    smtpPasswordEnc: (await import("../../src/lib/crypto")).encryptSecret(PASSWORD),
  });
  const rows = await makeLeads(
    user.workspaceId,
    leadEmails.map((email, i) => ({ email, firstName: `Lead${i}` })),
  );
  const res = await user.client.post("/api/v1/campaigns", {
    name: "Inbox test",
    ...everyMinuteUtc,
    ...options,
    mailboxIds: [mailbox.id],
    steps: steps ?? [
      {
        variants: [{ subject: "Quick question, {{firstName}}", bodyText: "Hi {{firstName}}, worth a chat?" }],
      },
      { delayMinutes: 2 * 24 * 60, variants: [{ subject: "", bodyText: "Bumping this, {{firstName}}." }] },
    ],
  });
  const campaign = (await res.json()) as { id: string };
  await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: rows.map((r) => r.id) });
  expect((await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).status).toBe(200);
  workers.push(
    await startWorker({ databaseUrl: process.env.DATABASE_URL!, definitions: jobs, handlers, loops }),
  );
  const t = new Date();
  for (let i = 0; i < rows.length; i++) await runCampaignTick(getDb(), new Date(t.getTime() + i * 60_000));
  const sent = await until("first emails sent", async () => {
    const s = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    return s.length === rows.length && s.every((x) => x.status !== "queued" && x.status !== "sending") && s;
  });
  return { user, mailbox, campaign, leads: rows, sent };
}

/** The lead answers from their own mail client: threading headers only, the original quoted. */
async function replyAsLead(
  from: string,
  to: string,
  headers: { inReplyTo?: string; references?: string[] },
  text: string,
) {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: mail.smtpPort,
    secure: false,
    ignoreTLS: true,
    auth: { user: from, pass: PASSWORD },
  });
  await transport.sendMail({
    from,
    to,
    subject: "Re: Quick question",
    text: `${text}\n\nOn Mon, 1 Dec 2026 at 10:00, Sam Sender <${to}> wrote:\n> Hi, worth a chat?\n`,
    inReplyTo: headers.inReplyTo,
    references: headers.references,
  });
  transport.close();
}

/** Every message's header fields (first occurrence, unfolded, still encoded) in a folder of a user's mailbox. */
async function headersIn(user: string, folder: string): Promise<Record<string, string>[]> {
  const imap = new ImapFlow({
    host: "127.0.0.1",
    port: mail.imapPort,
    secure: false,
    auth: { user, pass: PASSWORD },
    logger: false,
  });
  await imap.connect();
  const lock = await imap.getMailboxLock(folder);
  try {
    const out: Record<string, string>[] = [];
    if ((imap.mailbox ? imap.mailbox.exists : 0) === 0) return out;
    for await (const m of imap.fetch("1:*", { headers: true })) {
      if (m.headers) out.push(parseHeaderBlock(m.headers.toString("utf8")));
    }
    return out;
  } finally {
    lock.release();
    await imap.logout();
  }
}

const statusOf = async (leadId: string) =>
  (await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, leadId)))[0]!.status;

describe("inbox sync and reply linking over real SMTP and IMAP", () => {
  it("a lead's ordinary reply is synced, linked by In-Reply-To, marks them replied, and stops the sequence", async () => {
    const lead = `lead-${Date.now()}@client.test`;
    const {
      mailbox,
      campaign,
      leads: [row],
      sent,
    } = await scenario([lead]);
    const original = sent[0]!;

    // the lead's INBOX has our email, with our Message-ID
    const imap = new ImapFlow({
      host: "127.0.0.1",
      port: mail.imapPort,
      secure: false,
      auth: { user: lead, pass: PASSWORD },
      logger: false,
    });
    await imap.connect();
    const got = await until("delivery to the lead", async () => {
      const lock = await imap.getMailboxLock("INBOX");
      try {
        const list = [];
        for await (const m of imap.fetch("1:*", { envelope: true })) list.push(m.envelope);
        return list.find((e) => e?.messageId === original.messageId);
      } finally {
        lock.release();
      }
    });
    await imap.logout();
    expect(got?.subject).toBe("Quick question, Lead0");

    await replyAsLead(
      lead,
      mailbox.email,
      { inReplyTo: original.messageId, references: [original.messageId] },
      "Yes, interested — tell me more.",
    );
    const stored = await until("the reply stored", async () => {
      await syncMailbox(getDb(), mailbox.id);
      const [m] = await getDb().select().from(inboxMessages).where(eq(inboxMessages.fromEmail, lead));
      return m;
    });
    expect(stored).toMatchObject({
      campaignId: campaign.id,
      leadId: row!.id,
      sentEmailId: original.id,
      linkMethod: "in_reply_to",
      category: "reply",
      folder: "inbox",
    });
    expect(stored.headers["x-campaign-id"]).toBeUndefined();
    expect(await statusOf(row!.id)).toBe("replied");

    // syncing again stores nothing twice
    await syncMailbox(getDb(), mailbox.id);
    expect(
      await getDb().select().from(inboxMessages).where(eq(inboxMessages.mailboxId, mailbox.id)),
    ).toHaveLength(1);

    // the follow-up is never sent
    const later = new Date(Date.now() + 3 * 86_400_000);
    await runCampaignTick(getDb(), later);
    expect(
      await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id)),
    ).toHaveLength(1);
  });

  it("links a reply by References alone", async () => {
    const lead = `refs-${Date.now()}@client.test`;
    const {
      mailbox,
      leads: [row],
      sent,
    } = await scenario([lead]);
    await replyAsLead(lead, mailbox.email, { references: [sent[0]!.messageId] }, "Can we talk next week?");
    const m = await syncUntil("reply", mailbox.id, (x) => x.fromEmail === lead);
    expect(m).toMatchObject({ linkMethod: "references", leadId: row!.id });
    expect(await statusOf(row!.id)).toBe("replied");
  });

  it("a Message-ID rewritten in transit (as Microsoft 365 does) is learned from Sent and the reply linked through it", async () => {
    const lead = `rewritten-${Date.now()}@client.test`;
    const {
      mailbox,
      campaign,
      leads: [row],
      sent,
    } = await scenario([lead], { senderDomain: M365 });
    const original = sent[0]!;

    // the lead receives the provider's id, not ours
    const [received] = await until("delivery to the lead", async () =>
      (await headersIn(lead, "INBOX")).filter((h) => h["x-campaign-id"] === campaign.id),
    );
    const rewritten = received!["message-id"]!;
    expect(rewritten).toMatch(/^<AM0PR01MB[0-9a-f]{12}@eurprd01\.prod\.outlook\.com>$/);
    expect(rewritten).not.toBe(original.messageId);
    // and the provider filed its own copy, with that id and our headers, in the sender's Sent folder
    const [copy] = await until("the provider's Sent copy", async () => headersIn(mailbox.email, "Sent"));
    expect(copy).toMatchObject({
      "message-id": rewritten,
      "x-campaign-id": campaign.id,
      "x-lead-id": row!.id,
    });

    // the lead answers the id they got; one sync learns the rewrite from Sent and links the reply
    await replyAsLead(
      lead,
      mailbox.email,
      { inReplyTo: rewritten, references: [rewritten] },
      "Sure, send details",
    );
    const m = await syncUntil("reply", mailbox.id, (x) => x.fromEmail === lead);
    const [updated] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, original.id));
    expect(updated!.providerMessageId).toBe(rewritten);
    expect(m).toMatchObject({
      linkMethod: "in_reply_to",
      sentEmailId: original.id,
      campaignId: campaign.id,
      leadId: row!.id,
      inReplyTo: rewritten,
    });
    expect(await statusOf(row!.id)).toBe("replied");

    // References alone, through the provider id, links as well
    await replyAsLead(lead, mailbox.email, { references: [rewritten] }, "And one more question");
    const second = await syncUntil("second reply", mailbox.id, (x) => x.fromEmail === lead && x.id !== m.id);
    expect(second).toMatchObject({ linkMethod: "references", sentEmailId: original.id });
  });

  it("Sent copies with MIME-encoded non-ASCII subjects are matched to the right one of two sends", async () => {
    const lead = `mime-${Date.now()}@client.test`;
    const {
      mailbox,
      campaign,
      leads: [row],
    } = await scenario([lead], {
      senderDomain: M365,
      steps: [
        { variants: [{ subject: "Ça marche, {{firstName}}? Grüße 🚀", bodyText: "Hi {{firstName}}." }] },
        {
          delayMinutes: 60,
          newThread: true,
          variants: [{ subject: "Zweite Idee für {{firstName}} — schöne Grüße", bodyText: "Again." }],
        },
      ],
    });
    await runCampaignTick(getDb(), new Date(Date.now() + 3 * 3_600_000));
    const sends = await until("both steps sent", async () => {
      const s = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
      return s.length === 2 && s.every((x) => x.status === "sent") && s;
    });
    // both are still open when the Sent folder is read: neither has a provider id yet
    expect(sends.every((x) => x.providerMessageId === null)).toBe(true);
    const received = await until("both emails at the lead", async () => {
      const h = (await headersIn(lead, "INBOX")).filter((x) => x["x-campaign-id"] === campaign.id);
      return h.length === 2 && h;
    });
    // the Subject header on the wire is an encoded-word, not the text we stored
    for (const h of received) expect(h.subject).toMatch(/^=\?utf-8\?[bq]\?/i);
    await until("both Sent copies", async () => (await headersIn(mailbox.email, "Sent")).length === 2);

    await syncMailbox(getDb(), mailbox.id);
    const after = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    const bySubject = (text: string) => after.find((x) => x.subject?.startsWith(text))!;
    const firstStep = bySubject("Ça marche");
    const secondStep = bySubject("Zweite Idee");
    expect(firstStep.subject).toBe("Ça marche, Lead0? Grüße 🚀");
    // each send got the provider id of the email the lead received with its subject
    const idFor = (encoded: (typeof received)[number]) => encoded["message-id"];
    const decoded = await Promise.all(
      received.map(async (h) => ({
        id: idFor(h),
        subject: (await parseMessage(`Subject: ${h.subject}\r\n\r\n`)).subject,
      })),
    );
    expect(firstStep.providerMessageId).toBe(decoded.find((d) => d.subject === firstStep.subject)!.id);
    expect(secondStep.providerMessageId).toBe(decoded.find((d) => d.subject === secondStep.subject)!.id);
    expect(firstStep.providerMessageId).not.toBe(secondStep.providerMessageId);

    // a reply to the first email links to the first send, not the latest one
    await replyAsLead(
      lead,
      mailbox.email,
      { inReplyTo: firstStep.providerMessageId!, references: [firstStep.providerMessageId!] },
      "Oui, ça marche.",
    );
    const m = await syncUntil("reply", mailbox.id, (x) => x.fromEmail === lead);
    expect(m).toMatchObject({ linkMethod: "in_reply_to", sentEmailId: firstStep.id, leadId: row!.id });
  });

  it("a real hard bounce (Postfix DSN) marks the lead bounced and suppresses the address", async () => {
    const bad = `nobody-${Date.now()}@${mail.bounceDomain}`;
    const {
      mailbox,
      leads: [row],
    } = await scenario([bad]);
    const m = await syncUntil("the DSN", mailbox.id, (x) => x.category === "bounce");
    expect(m).toMatchObject({ linkMethod: "dsn", leadId: row!.id });
    expect(m.bounce).toMatchObject({ type: "hard", recipient: bad });
    expect(m.bounce!.status).toMatch(/^5\./);
    expect(await statusOf(row!.id)).toBe("bounced");
    expect((await getDb().select().from(leads).where(eq(leads.id, row!.id)))[0]!.status).toBe("bounced");
    const [s] = await getDb().select().from(suppressions).where(eq(suppressions.value, bad));
    expect(s?.reason).toBe("bounced");
  });

  it("an auto-reply is stored as such and changes no status", async () => {
    const lead = `ooo-${Date.now()}@client.test`;
    const {
      mailbox,
      leads: [row],
      sent,
    } = await scenario([lead]);
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: mail.smtpPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: lead, pass: PASSWORD },
    });
    await transport.sendMail({
      from: lead,
      to: mailbox.email,
      subject: "Automatic reply: Quick question",
      text: "I am out of the office until Monday.",
      inReplyTo: sent[0]!.messageId,
      references: [sent[0]!.messageId],
      headers: { "Auto-Submitted": "auto-replied" },
    });
    transport.close();
    const m = await syncUntil("auto-reply", mailbox.id, (x) => x.fromEmail === lead);
    expect(m).toMatchObject({ category: "auto_reply", autoReply: true, leadId: row!.id });
    expect(await statusOf(row!.id)).toBe("queued");
  });

  it("a UIDVALIDITY change resyncs the folder without storing anything twice", async () => {
    const lead = `uidv-${Date.now()}@client.test`;
    const { mailbox, sent } = await scenario([lead]);
    await replyAsLead(lead, mailbox.email, { inReplyTo: sent[0]!.messageId }, "Not interested, thanks.");
    await syncUntil("reply", mailbox.id, (x) => x.fromEmail === lead);
    // the server's UIDVALIDITY no longer matches our cursor (as after a mailbox rebuild)
    await getDb()
      .update(mailboxFolders)
      .set({ uidValidity: 1, lastUid: 999 })
      .where(eq(mailboxFolders.mailboxId, mailbox.id));
    const result = await syncMailbox(getDb(), mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")!.fetched).toBeGreaterThanOrEqual(1);
    expect(
      await getDb().select().from(inboxMessages).where(eq(inboxMessages.mailboxId, mailbox.id)),
    ).toHaveLength(1);
    const [cursor] = (
      await getDb().select().from(mailboxFolders).where(eq(mailboxFolders.mailboxId, mailbox.id))
    ).filter((f) => f.path === "INBOX");
    expect(cursor!.uidValidity).not.toBe(1);
  });

  it("the inbox API: conversations, a thread in order, a threaded reply, a category changed by hand", async () => {
    const lead = `api-${Date.now()}@client.test`;
    const { user, mailbox, campaign, sent } = await scenario([lead]);
    await replyAsLead(
      lead,
      mailbox.email,
      { inReplyTo: sent[0]!.messageId, references: [sent[0]!.messageId] },
      "Let's book a call on Tuesday.",
    );
    await syncUntil("reply", mailbox.id, (x) => x.fromEmail === lead);

    const list = (await (
      await user.client.get(`/api/v1/inbox/threads?campaignId=${campaign.id}`)
    ).json()) as {
      data: {
        id: string;
        unread: boolean;
        intent: string;
        lead: { status: string };
        campaign: { id: string };
      }[];
      total: number;
    };
    expect(list.total).toBe(1);
    expect(list.data[0]).toMatchObject({
      unread: true,
      intent: "meeting_request",
      lead: { status: "replied" },
      campaign: { id: campaign.id },
    });
    const threadId = list.data[0]!.id;

    const thread = (await (await user.client.get(`/api/v1/inbox/threads/${threadId}`)).json()) as {
      messages: { id: string; direction: string; text: string; html: string | null }[];
    };
    expect(thread.messages.map((m) => m.direction)).toEqual(["outbound", "inbound"]);
    expect(thread.messages[0]!.text).toContain("Hi Lead0, worth a chat?");
    expect(thread.messages[0]!.html).toBeNull(); // no tracking pixel is ever loaded by reading

    const patched = await user.client.request(`/api/v1/inbox/messages/${thread.messages[1]!.id}`, {
      method: "PATCH",
      json: { intent: "interested", isRead: true },
    });
    expect(await patched.json()).toMatchObject({ intent: "interested", isRead: true });
    const [manual] = await getDb()
      .select()
      .from(inboxMessages)
      .where(eq(inboxMessages.id, thread.messages[1]!.id));
    expect(manual!.categorySource).toBe("manual");

    const reply = await user.client.post(`/api/v1/inbox/threads/${threadId}/reply`, {
      text: "Tuesday 10:00 works. Talk then!",
    });
    expect(reply.status).toBe(201);
    const imap = new ImapFlow({
      host: "127.0.0.1",
      port: mail.imapPort,
      secure: false,
      auth: { user: lead, pass: PASSWORD },
      logger: false,
    });
    await imap.connect();
    const [leadReply] = await getDb().select().from(inboxMessages).where(eq(inboxMessages.fromEmail, lead));
    const answer = await until("our answer in the lead's inbox", async () => {
      const lock = await imap.getMailboxLock("INBOX");
      try {
        for await (const m of imap.fetch("1:*", { envelope: true })) {
          if (m.envelope?.inReplyTo === leadReply!.messageId) return m.envelope;
        }
      } finally {
        lock.release();
      }
      return undefined;
    });
    await imap.logout();
    expect(answer.subject).toBe("Re: Quick question"); // not "Re: Re:"
    const after = (await (await user.client.get(`/api/v1/inbox/threads/${threadId}`)).json()) as {
      messages: { direction: string }[];
    };
    expect(after.messages.map((m) => m.direction)).toEqual(["outbound", "inbound", "outbound"]);

    const other = await signUp(app.url);
    expect((await other.client.get(`/api/v1/inbox/threads/${threadId}`)).status).toBe(404);
    expect((await other.client.get("/api/v1/inbox/threads")).status).toBe(200);
    expect(
      ((await (await other.client.get("/api/v1/inbox/threads")).json()) as { total: number }).total,
    ).toBe(0);
  });

  it("a reply from the inbox is recorded before it is sent: NUL refused, a refusal kept as failed, one send per Idempotency-Key", async () => {
    const lead = `outbox-${Date.now()}@client.test`;
    const { user, mailbox, sent } = await scenario([lead]);
    await replyAsLead(lead, mailbox.email, { inReplyTo: sent[0]!.messageId }, "Tell me more.");
    const leadReply = await syncUntil("reply", mailbox.id, (x) => x.fromEmail === lead);
    const threadId = leadReply.id;
    const outbound = () =>
      getDb()
        .select()
        .from(inboxMessages)
        .where(eq(inboxMessages.mailboxId, mailbox.id))
        .then((rows) => rows.filter((r) => r.direction === "outbound"));
    const replyUrl = `/api/v1/inbox/threads/${threadId}/reply`;

    // a NUL character cannot be stored: refused before anything is sent or written
    const nul = await user.client.post(replyUrl, { text: "before\u0000after" });
    expect(nul.status).toBe(400);
    expect(await nul.json()).toEqual({
      error: {
        code: "validation",
        message: "invalid text: must not contain NUL characters (\\u0000)",
        fields: { text: ["must not contain NUL characters (\\u0000)"] },
      },
    });
    expect(await outbound()).toEqual([]);

    // the same Idempotency-Key twice: one email, one row, the same answer
    const key = { "idempotency-key": `k-${Date.now()}` };
    const first = await user.client.post(replyUrl, { text: "Here is more." }, key);
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { id: string; delivery: unknown };
    expect(firstBody.delivery).toEqual({ status: "sent", error: null });
    const again = await user.client.post(replyUrl, { text: "Here is more." }, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(firstBody.id);
    const reused = await user.client.post(replyUrl, { text: "Something else." }, key);
    expect(reused.status).toBe(409);
    // a marker sent after both: once it is in the lead's inbox, a second copy would be there too
    expect((await user.client.post(replyUrl, { text: "Marker." })).status).toBe(201);
    const imap = new ImapFlow({
      host: "127.0.0.1",
      port: mail.imapPort,
      secure: false,
      auth: { user: lead, pass: PASSWORD },
      logger: false,
    });
    await imap.connect();
    const bodies = await until("the marker in the lead's inbox", async () => {
      const lock = await imap.getMailboxLock("INBOX");
      try {
        const texts: string[] = [];
        for await (const m of imap.fetch("1:*", { source: true })) texts.push(m.source!.toString("utf8"));
        return texts.some((t) => t.includes("Marker.")) && texts;
      } finally {
        lock.release();
      }
    });
    await imap.logout();
    expect(bodies.filter((t) => t.includes("Here is more."))).toHaveLength(1);
    expect((await outbound()).filter((r) => r.textBody === "Here is more.")).toHaveLength(1);

    // the SMTP server cannot be reached: the reply is kept as failed with the reason, and the API says so
    await getDb().update(mailboxes).set({ smtpPort: 1 }).where(eq(mailboxes.id, mailbox.id));
    const failed = await user.client.post(
      replyUrl,
      { text: "This one fails." },
      { "idempotency-key": "fail-1" },
    );
    expect(failed.status).toBe(503);
    const failure = (await failed.json()) as { error: { code: string; message: string } };
    expect(failure.error.code).toBe("unavailable");
    expect(failure.error.message).toMatch(/^the mailbox's SMTP server refused the reply: /);
    const [kept] = (await outbound()).filter((r) => r.textBody === "This one fails.");
    expect(kept).toMatchObject({ deliveryStatus: "failed", deliveryError: failure.error.message });
    const thread = (await (await user.client.get(`/api/v1/inbox/threads/${threadId}`)).json()) as {
      messages: { text: string; delivery: { status: string; error: string | null } | null }[];
    };
    expect(thread.messages.find((m) => m.text === "This one fails.")!.delivery).toEqual({
      status: "failed",
      error: failure.error.message,
    });
    // retrying with the same key answers the recorded failure; it does not try again
    const retried = await user.client.post(
      replyUrl,
      { text: "This one fails." },
      { "idempotency-key": "fail-1" },
    );
    expect(retried.status).toBe(503);
    expect((await outbound()).filter((r) => r.textBody === "This one fails.")).toHaveLength(1);
  });

  it("a soft bounce (4.x.x DSN) is stored and linked but changes no status", async () => {
    const busy = `busy-${Date.now()}@${mail.softBounceDomain}`;
    const {
      mailbox,
      leads: [row],
    } = await scenario([busy]);
    const m = await syncUntil("the soft DSN", mailbox.id, (x) => x.category === "bounce");
    expect(m).toMatchObject({ linkMethod: "dsn", leadId: row!.id });
    expect(m.bounce).toMatchObject({ type: "soft", recipient: busy });
    expect(m.bounce!.status).toMatch(/^4\./);
    expect(await statusOf(row!.id)).toBe("queued");
    expect(await getDb().select().from(suppressions).where(eq(suppressions.value, busy))).toHaveLength(0);
  });

  it("an unsubscribe reply suppresses the address and stops the sequence", async () => {
    const lead = `unsub-${Date.now()}@client.test`;
    const {
      user: { workspaceId },
      campaign,
      mailbox,
      leads: [row],
      sent,
    } = await scenario([lead]);
    await replyAsLead(
      lead,
      mailbox.email,
      { inReplyTo: sent[0]!.messageId },
      "Please remove me from your list.",
    );
    const m = await syncUntil("the request", mailbox.id, (x) => x.fromEmail === lead);
    expect(m.category).toBe("unsubscribe_request");
    expect(await statusOf(row!.id)).toBe("unsubscribed");
    const [s] = await getDb().select().from(suppressions).where(eq(suppressions.value, lead));
    expect(s?.reason).toBe("unsubscribed");
    // the same event as the link and one-click paths, through the same function
    const emitted = await getDb()
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.type, "lead.unsubscribed")));
    expect(emitted.map((e) => e.payload)).toEqual([
      {
        campaignId: campaign.id,
        leadId: row!.id,
        email: lead,
        via: "reply",
        sentEmailId: sent[0]!.id,
        inboxMessageId: m.id,
      },
    ]);
    await runCampaignTick(getDb(), new Date(Date.now() + 3 * 86_400_000));
    expect(await getDb().select().from(sentEmails).where(eq(sentEmails.leadId, row!.id))).toHaveLength(1);
  });

  it("a colleague's reply stops everyone at the company when the campaign asks for it", async () => {
    const stamp = Date.now();
    const [ann, ben] = [`ann-${stamp}@acme-${stamp}.test`, `ben-${stamp}@acme-${stamp}.test`];
    const { mailbox, leads: rows, sent } = await scenario([ann, ben], { stopOnCompanyReply: true });
    const toAnn = sent.find((x) => x.toEmail === ann)!;
    await replyAsLead(ann, mailbox.email, { inReplyTo: toAnn.messageId }, "Thanks, we're all set for now.");
    await syncUntil("ann's reply", mailbox.id, (x) => x.fromEmail === ann);
    const annRow = rows.find((r) => r.email === ann)!;
    const benRow = rows.find((r) => r.email === ben)!;
    expect(await statusOf(annRow.id)).toBe("replied");
    expect(await statusOf(benRow.id)).toBe("stopped");
    const [benCl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, benRow.id));
    expect(benCl!.stoppedReason).toBe(`someone at acme-${stamp}.test replied`);
  });

  it("“Check for new mail” reads every readable mailbox now, says which it skipped and why, and when each was read", async () => {
    const lead = `checknow-${Date.now()}@prospect.test`;
    const { user, mailbox, sent } = await scenario([lead]);
    const sendOnly = await makeMailbox(user.workspaceId, mail.smtpPort);
    await replyAsLead(lead, mailbox.email, { inReplyTo: sent[0]!.messageId }, "Sure, call me Tuesday.");
    // in the mailbox's INBOX before the button is pressed (Postfix delivers after it accepts)
    await received(mail, { email: mailbox.email, password: PASSWORD }, /^Re: Quick question/);

    const res = await user.client.post("/api/v1/inbox/sync", {});
    expect(res.status, await res.clone().text()).toBe(202);
    const asked = (await res.json()) as {
      requestedAt: string;
      queued: string[];
      skipped: { id: string; reason: string }[];
    };
    expect(asked.queued).toEqual([mailbox.id]);
    expect(asked.skipped).toEqual([{ id: sendOnly.id, reason: expect.stringMatching(/no IMAP settings/) }]);
    // queued now under its own key, not left to the minute's sweep
    expect((await jobsOf("inbox.sync", { keys: [`sync-now:${mailbox.id}`] })).length).toBe(1);

    const status = await until("the mailbox read since the request", async () => {
      const body = (await (await user.client.get("/api/v1/inbox/sync")).json()) as {
        data: { id: string; readable: boolean; lastSyncedAt: string | null }[];
      };
      const box = body.data.find((b) => b.id === mailbox.id);
      return box?.lastSyncedAt != null && box.lastSyncedAt >= asked.requestedAt ? body : null;
    });
    expect(status.data.find((b) => b.id === sendOnly.id)).toMatchObject({
      readable: false,
      lastSyncedAt: null,
    });
    const threads = (await (await user.client.get("/api/v1/inbox/threads")).json()) as {
      data: { from: { email: string }; snippet: string | null }[];
    };
    expect(threads.data.map((t) => t.from.email)).toContain(lead);

    // one mailbox by id; another workspace's mailbox is not found, an unknown field refused
    const one = await user.client.post("/api/v1/inbox/sync", { mailboxId: sendOnly.id });
    expect(one.status).toBe(202);
    expect(((await one.json()) as { queued: string[] }).queued).toEqual([]);
    const stranger = await signUp(app.url);
    const theirs = await stranger.client.post("/api/v1/inbox/sync", { mailboxId: mailbox.id });
    expect(theirs.status).toBe(404);
    const odd = await user.client.post("/api/v1/inbox/sync", { mailbox: mailbox.id });
    expect(odd.status).toBe(400);
    expect(await odd.text()).toMatch(/mailbox/);
  });
});
