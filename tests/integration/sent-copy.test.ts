import { and, eq } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import { inboxMessages, mailboxes, sentEmails } from "../../src/lib/db/schema";
import { runInboxSync } from "../../src/lib/inbox/run-inbox-sync";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { sendCampaignEmail } from "../../src/lib/sending/sender";
import { until } from "../helpers/until";
import { everyMinuteUtc, makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { type AppServer, startAppServer } from "./helpers/app-server";
import { type MailServer, startMailServer } from "./helpers/mail-server";
import { signUp } from "./helpers/users";

/**
 * A custom SMTP/IMAP mailbox (Postfix + Dovecot, which file nothing in Sent by themselves): after
 * each inbox sync, the campaign emails it sent are appended to its Sent folder, once each.
 */
let app: AppServer;
let mail: MailServer;
beforeAll(async () => {
  app = await startAppServer();
  mail = await startMailServer();
});
afterAll(async () => {
  await closeMailboxTransports();
  await mail?.stop();
  await app?.close();
});

async function sentFolder(user: string, password: string) {
  const client = new ImapFlow({
    host: mail.host,
    port: mail.imapPort,
    secure: false,
    auth: { user, pass: password },
    logger: false,
  });
  await client.connect();
  try {
    const folder = (await client.list()).find(
      (f) => f.specialUse === "\\Sent" || f.path.toLowerCase() === "sent",
    );
    if (!folder) return { path: null, messages: [] };
    const lock = await client.getMailboxLock(folder.path);
    try {
      const messages: { messageId: string; seen: boolean; date: Date; source: string }[] = [];
      for await (const m of client.fetch("1:*", {
        envelope: true,
        flags: true,
        internalDate: true,
        source: true,
      }))
        messages.push({
          messageId: m.envelope?.messageId ?? "",
          seen: m.flags?.has("\\Seen") ?? false,
          date: new Date(m.internalDate as Date),
          source: m.source?.toString("utf8") ?? "",
        });
      return { path: folder.path, messages };
    } catch {
      return { path: folder.path, messages: [] }; // an empty folder has no 1:*
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe("a copy of sent mail in the Sent folder", () => {
  it("appends each campaign email and inbox reply once, dated and read, after the sync; not for a mailbox switched off", async () => {
    const sender = `sam.${Date.now()}@outreach.test`;
    const lead = `lou.${Date.now()}@client.test`;
    await mail.addUser(sender, "pw-sender");
    await mail.addUser(lead, "pw-lead");
    const user = await signUp(app.url);
    const mailbox = await makeMailbox(user.workspaceId, mail.smtpPort, {
      email: sender,
      smtpUser: sender,
      smtpPasswordEnc: encryptSecret("pw-sender"),
      imapHost: "127.0.0.1",
      imapPort: mail.imapPort,
      imapSecurity: "none",
      imapUser: sender,
      imapPasswordEnc: encryptSecret("pw-sender"),
    });
    const created = await user.client.post("/api/v1/campaigns", {
      name: "Sent copies",
      ...everyMinuteUtc,
      mailboxIds: [mailbox.id],
      steps: [{ variants: [{ subject: "Hello {{firstName}}", bodyHtml: "<p>Hi {{firstName}}.</p>" }] }],
    });
    expect(created.status).toBe(201);
    const campaign = (await created.json()) as { id: string };
    const [row] = await makeLeads(user.workspaceId, [{ email: lead, firstName: "Lou" }]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: [row!.id] });
    expect((await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).status).toBe(200);
    // the API says copies are made for this mailbox (a custom server, with its IMAP login)
    const view = (await (await user.client.get(`/api/v1/mailboxes/${mailbox.id}`)).json()) as {
      sentCopy: string;
      sentCopyActive: boolean;
    };
    expect(view).toMatchObject({ sentCopy: "auto", sentCopyActive: true });

    await runCampaignTick(getDb(), new Date());
    const [email] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(await sendCampaignEmail(getDb(), email!.id)).toBe("sent");
    const [sent] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, email!.id));
    // Postfix delivered it; nothing is in the sender's Sent folder yet (the server files nothing)
    expect((await sentFolder(sender, "pw-sender")).messages).toEqual([]);

    const result = await runInboxSync(getDb(), mailbox.id);
    expect(result).toMatchObject({ sentCopies: { copied: 1 } });
    const folder = await sentFolder(sender, "pw-sender");
    expect(folder.messages).toHaveLength(1);
    const copy = folder.messages[0]!;
    expect(copy.messageId).toBe(sent!.messageId);
    expect(copy.seen).toBe(true);
    expect(Math.abs(copy.date.getTime() - sent!.sentAt!.getTime())).toBeLessThan(1000);
    expect(copy.source).toContain(`To: ${lead}`);
    expect(copy.source).toContain(`Subject: ${sent!.subject}`);
    expect(copy.source).toMatch(/Hi Lou\./);

    // the next syncs copy nothing again; nor does one that resumes after a crash before its cursor moved
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 0 } });
    await getDb().update(mailboxes).set({ sentCopiedUntil: null }).where(eq(mailboxes.id, mailbox.id));
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 0 } });
    expect((await sentFolder(sender, "pw-sender")).messages).toHaveLength(1);

    // the lead answers; the answer from the inbox is copied too, threaded under it
    await nodemailer
      .createTransport({
        host: mail.host,
        port: mail.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: lead, pass: "pw-lead" },
      })
      .sendMail({
        from: lead,
        to: sender,
        subject: `Re: ${sent!.subject}`,
        text: "Tell me more.",
        inReplyTo: sent!.messageId,
        references: sent!.messageId,
      });
    const stored = await until("the lead's reply synced", async () => {
      await runInboxSync(getDb(), mailbox.id);
      const [m] = await getDb().select().from(inboxMessages).where(eq(inboxMessages.fromEmail, lead));
      return m;
    });
    const answered = await user.client.post(`/api/v1/inbox/threads/${stored.id}/reply`, {
      text: "Gladly: here is how it works.",
    });
    expect(answered.status).toBe(201);
    const [reply] = await getDb()
      .select()
      .from(inboxMessages)
      .where(and(eq(inboxMessages.mailboxId, mailbox.id), eq(inboxMessages.direction, "outbound")));
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 1 } });
    const withReply = await sentFolder(sender, "pw-sender");
    expect(withReply.messages.map((m) => m.messageId)).toEqual([sent!.messageId, reply!.messageId]);
    expect(withReply.messages[1]!.source).toContain("Gladly: here is how it works.");
    expect(withReply.messages[1]!.source).toContain(`In-Reply-To: ${stored.messageId}`);

    // switched off: the mailbox's next email is not copied
    const off = await user.client.request(`/api/v1/mailboxes/${mailbox.id}`, {
      method: "PATCH",
      json: { sentCopy: "off" },
    });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ sentCopy: "off", sentCopyActive: false });
    const bad = await user.client.request(`/api/v1/mailboxes/${mailbox.id}`, {
      method: "PATCH",
      json: { sentCopy: "sometimes" },
    });
    expect(bad.status).toBe(400);
    const [second] = await makeLeads(user.workspaceId, [{ email: `b-${lead}`, firstName: "Bo" }]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: [second!.id] });
    await runCampaignTick(getDb(), new Date(Date.now() + 60_000));
    const next = await until("the second email queued", async () => {
      const rows = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
      return rows.find((r) => r.toEmail === `b-${lead}`);
    });
    expect(await sendCampaignEmail(getDb(), next.id)).toBe("sent");
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 0 } });
    expect((await sentFolder(sender, "pw-sender")).messages).toHaveLength(2);
  });

  it("an email whose send began first but finished last is still copied: the cursor waits for sends in flight", async () => {
    const sender = `pat.${Date.now()}@outreach.test`;
    await mail.addUser(sender, "pw-sender");
    const leads = [`first.${Date.now()}@client.test`, `second.${Date.now()}@client.test`];
    for (const l of leads) await mail.addUser(l, "pw-lead");
    const user = await signUp(app.url);
    const mailbox = await makeMailbox(user.workspaceId, mail.smtpPort, {
      email: sender,
      smtpUser: sender,
      smtpPasswordEnc: encryptSecret("pw-sender"),
      imapHost: "127.0.0.1",
      imapPort: mail.imapPort,
      imapSecurity: "none",
      imapUser: sender,
      imapPasswordEnc: encryptSecret("pw-sender"),
    });
    const created = await user.client.post("/api/v1/campaigns", {
      name: "Parallel sends",
      ...everyMinuteUtc,
      mailboxIds: [mailbox.id],
      steps: [{ variants: [{ subject: "Hello {{firstName}}", bodyHtml: "<p>Hi {{firstName}}.</p>" }] }],
    });
    const campaign = (await created.json()) as { id: string };
    const rows = await makeLeads(
      user.workspaceId,
      leads.map((email, i) => ({ email, firstName: `L${i}` })),
    );
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: rows.map((r) => r.id) });
    expect((await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).status).toBe(200);
    await runCampaignTick(getDb(), new Date());
    const queued = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(queued).toHaveLength(2);
    const [slow, quick] = queued as [(typeof queued)[number], (typeof queued)[number]];

    // the slow one began first and is still with the SMTP server when the quick one is recorded
    const began = new Date();
    await getDb()
      .update(sentEmails)
      .set({ status: "sending", claimedAt: began })
      .where(eq(sentEmails.id, slow.id));
    expect(await sendCampaignEmail(getDb(), quick.id, { now: new Date(began.getTime() + 1000) })).toBe(
      "sent",
    );
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 0 } });

    // the slow one finishes, timed from when it began: both are copied, in the order they were sent
    await getDb().update(sentEmails).set({ status: "queued" }).where(eq(sentEmails.id, slow.id));
    expect(await sendCampaignEmail(getDb(), slow.id, { now: began })).toBe("sent");
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 2 } });
    const folder = await sentFolder(sender, "pw-sender");
    expect(folder.messages.map((m) => m.messageId)).toEqual([slow.messageId, quick.messageId]);
  });

  it("an email bounced by a delivery report that arrives before the copy is made is still copied: it was sent", async () => {
    const sender = `rae.${Date.now()}@outreach.test`;
    await mail.addUser(sender, "pw-sender");
    const lead = `gone.${Date.now()}@${mail.bounceDomain}`;
    const user = await signUp(app.url);
    const mailbox = await makeMailbox(user.workspaceId, mail.smtpPort, {
      email: sender,
      smtpUser: sender,
      smtpPasswordEnc: encryptSecret("pw-sender"),
      imapHost: "127.0.0.1",
      imapPort: mail.imapPort,
      imapSecurity: "none",
      imapUser: sender,
      imapPasswordEnc: encryptSecret("pw-sender"),
    });
    const created = await user.client.post("/api/v1/campaigns", {
      name: "Bounced copies",
      ...everyMinuteUtc,
      mailboxIds: [mailbox.id],
      steps: [{ variants: [{ subject: "Hello {{firstName}}", bodyHtml: "<p>Hi {{firstName}}.</p>" }] }],
    });
    const campaign = (await created.json()) as { id: string };
    const [row] = await makeLeads(user.workspaceId, [{ email: lead, firstName: "Gus" }]);
    await user.client.post(`/api/v1/campaigns/${campaign.id}/leads`, { leadIds: [row!.id] });
    expect((await user.client.post(`/api/v1/campaigns/${campaign.id}/launch`)).status).toBe(200);
    await runCampaignTick(getDb(), new Date());
    const [email] = await getDb().select().from(sentEmails).where(eq(sentEmails.campaignId, campaign.id));
    expect(await sendCampaignEmail(getDb(), email!.id)).toBe("sent");

    // Postfix's delivery report is in the INBOX before the next sync, which reads it first
    await until(
      "the delivery report in the sender's INBOX",
      async () => {
        const client = new ImapFlow({
          host: mail.host,
          port: mail.imapPort,
          secure: false,
          auth: { user: sender, pass: "pw-sender" },
          logger: false,
        });
        await client.connect();
        try {
          const status = await client.status("INBOX", { messages: true });
          return status !== false && (status.messages ?? 0) > 0;
        } finally {
          await client.logout();
        }
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(await runInboxSync(getDb(), mailbox.id)).toMatchObject({ sentCopies: { copied: 1 } });
    const [bounced] = await getDb().select().from(sentEmails).where(eq(sentEmails.id, email!.id));
    expect(bounced!.status).toBe("bounced");
    expect((await sentFolder(sender, "pw-sender")).messages.map((m) => m.messageId)).toEqual([
      bounced!.messageId,
    ]);
  });
});
