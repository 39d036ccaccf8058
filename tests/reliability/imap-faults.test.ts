import { and, eq, isNotNull, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  emailEvents,
  inboxMessages,
  mailboxFolders,
  sentEmails,
  workspaces,
} from "../../src/lib/db/schema";
import { runInboxSync } from "../../src/lib/inbox/run-inbox-sync";
import { syncMailbox } from "../../src/lib/inbox/sync";
import { enqueue } from "../../src/lib/queue/enqueue";
import { until } from "../helpers/until";
import { makeLeads, makeMailbox } from "../integration/fixtures/campaign-fixtures";
import { type MailServer, startMailServer } from "../integration/helpers/mail-server";
import { startNetProxy } from "./helpers/net-proxy";
import { startWorkerProcess } from "./helpers/worker-process";

/**
 * The IMAP connection dropping in the middle of a sync, and the worker dying in the middle of one,
 * against real Dovecot: the app reaches it through a loopback TCP proxy that cuts the connection
 * after a number of bytes of the FETCH response, or slows it down so a `kill -9` lands mid-sync.
 * Each mailbox holds NET_IMAP_MESSAGES messages (default 1,000: ten store chunks of 100), a third
 * of them replies to the campaign's emails, the rest other mail.
 */

const TOTAL = Number(process.env.NET_IMAP_MESSAGES ?? 1000);
const REPLIES = Math.ceil(TOTAL / 3);
const PASSWORD = "net-faults-1";

let mail: MailServer;
let proxy: Awaited<ReturnType<typeof startNetProxy>>;

beforeAll(async () => {
  mail = await startMailServer();
  proxy = await startNetProxy({ host: "127.0.0.1", port: mail.imapPort });
});
afterAll(async () => {
  await proxy?.close();
  await mail?.stop();
});

const db = () => getDb();
let n = 0;

/**
 * A mailbox reached through the proxy, REPLIES leads each sent one campaign email and waiting for
 * their next step, and an INBOX of TOTAL messages delivered over IMAP APPEND: a reply from every
 * lead (In-Reply-To our email) among other mail.
 */
async function mailboxFullOfMail() {
  const tag = `${Date.now().toString(36)}${++n}`;
  const workspaceId = crypto.randomUUID();
  await db().insert(workspaces).values({ id: workspaceId, name: "IMAP faults", slug: workspaceId });
  const address = `net-${tag}@outreach.test`;
  await mail.addUser(address, PASSWORD);
  const mailbox = await makeMailbox(workspaceId, mail.smtpPort, {
    email: address,
    imapHost: "127.0.0.1",
    imapPort: proxy.port,
    imapSecurity: "none",
    imapUser: address,
    imapPasswordEnc: encryptSecret(PASSWORD),
  });
  const campaignId = crypto.randomUUID();
  await db().insert(campaigns).values({ id: campaignId, workspaceId, name: "Faults", status: "active" });
  const stepId = crypto.randomUUID();
  await db().insert(campaignSteps).values({ id: stepId, workspaceId, campaignId, position: 1 });
  await db()
    .insert(campaignSteps)
    .values({ id: crypto.randomUUID(), workspaceId, campaignId, position: 2, delayMinutes: 2880 });
  const leads = await makeLeads(
    workspaceId,
    Array.from({ length: REPLIES }, (_, i) => ({ email: `lead${i}-${tag}@client.test` })),
  );
  const cls = leads.map((lead) => ({
    id: crypto.randomUUID(),
    workspaceId,
    campaignId,
    leadId: lead.id,
    mailboxId: mailbox.id,
    status: "queued" as const,
    nextStep: 2,
    nextSendAt: new Date(Date.now() + 2 * 86_400_000),
  }));
  await db().insert(campaignLeads).values(cls);
  const sends = leads.map((lead, i) => {
    const id = crypto.randomUUID();
    return {
      id,
      workspaceId,
      campaignId,
      campaignLeadId: cls[i]!.id,
      leadId: lead.id,
      stepId,
      mailboxId: mailbox.id,
      status: "sent" as const,
      messageId: `<${id}.n@outreach.test>`,
      fromEmail: address,
      toEmail: lead.email,
      subject: "Quick question",
      sentAt: new Date(),
    };
  });
  await db().insert(sentEmails).values(sends);

  // a reply every third message, other mail between
  const raws: { messageId: string; raw: string }[] = [];
  let r = 0;
  let o = 0;
  for (let i = 0; i < TOTAL; i++) {
    const padding = `${"All good here, more words to make the message a realistic size. ".repeat(6)}\r\n`;
    if (i % 3 === 0 && r < REPLIES) {
      const lead = leads[r]!;
      const messageId = `<r${r}-${tag}@client.test>`;
      raws.push({
        messageId,
        raw: [
          `From: <${lead.email}>`,
          `To: <${address}>`,
          "Subject: Re: Quick question",
          `Message-ID: ${messageId}`,
          `In-Reply-To: ${sends[r]!.messageId}`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Sounds interesting, tell me more.",
          padding,
        ].join("\r\n"),
      });
      r++;
    } else {
      const messageId = `<o${o++}-${tag}@else.test>`;
      raws.push({
        messageId,
        raw: [
          "From: <friend@else.test>",
          `To: <${address}>`,
          "Subject: Lunch",
          `Message-ID: ${messageId}`,
          "",
          "Lunch on Friday?",
          padding,
        ].join("\r\n"),
      });
    }
  }
  expect(r).toBe(REPLIES);
  // delivered straight to Dovecot (not through the proxy) over four connections; each message's
  // UID as the server gave it (UIDPLUS)
  const uids = new Map<string, number>();
  const lanes = 4;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const imap = new ImapFlow({
        host: "127.0.0.1",
        port: mail.imapPort,
        secure: false,
        auth: { user: address, pass: PASSWORD },
        logger: false,
      });
      await imap.connect();
      try {
        for (let i = lane; i < raws.length; i += lanes) {
          const appended = await imap.append("INBOX", raws[i]!.raw, [], new Date());
          if (appended === false || !appended.uid) throw new Error("APPEND gave no UID");
          uids.set(raws[i]!.messageId, appended.uid);
        }
      } finally {
        await imap.logout();
      }
    }),
  );
  const bytes = raws.reduce((sum, m) => sum + Buffer.byteLength(m.raw), 0);
  return { workspaceId, mailbox, campaignId, leads, sends, raws, bytes, uids };
}

type Box = Awaited<ReturnType<typeof mailboxFullOfMail>>;

/** Stored rows of the mailbox's INBOX: how many per Message-ID. */
async function storedCounts(box: Box) {
  const { rows } = await db().execute<{ message_id: string; n: number }>(sql`
    select message_id, count(*)::int as n from inbox_messages
    where mailbox_id = ${box.mailbox.id} and folder = 'inbox' group by 1`);
  return new Map(rows.map((r) => [r.message_id, r.n]));
}

/**
 * The invariant a crash must never break: a stored reply's lead has its sequence stopped, and a
 * lead stopped as replied has its reply stored — both are written by one transaction.
 */
async function everyStoredReplyActedOn(box: Box) {
  // the replies: messages linked to one of the campaign's emails
  const replies = await db()
    .select({ leadId: inboxMessages.leadId })
    .from(inboxMessages)
    .where(and(eq(inboxMessages.mailboxId, box.mailbox.id), isNotNull(inboxMessages.sentEmailId)));
  const replied = await db()
    .select({ leadId: campaignLeads.leadId })
    .from(campaignLeads)
    .where(and(eq(campaignLeads.campaignId, box.campaignId), eq(campaignLeads.status, "replied")));
  expect(replies.map((m) => m.leadId).sort()).toEqual(replied.map((c) => c.leadId).sort());
  return replies.length;
}

/** After a complete sync: every delivered message stored exactly once, every reply acted on once. */
async function assertComplete(box: Box) {
  const counts = await storedCounts(box);
  expect([...counts.keys()].sort()).toEqual(box.raws.map((m) => m.messageId).sort());
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
  expect(await everyStoredReplyActedOn(box)).toBe(REPLIES);
  const statuses = await db()
    .select({ status: campaignLeads.status })
    .from(campaignLeads)
    .where(eq(campaignLeads.campaignId, box.campaignId));
  expect(statuses.every((s) => s.status === "replied")).toBe(true);
  const replyEvents = await db()
    .select({ id: emailEvents.sentEmailId })
    .from(emailEvents)
    .where(and(eq(emailEvents.workspaceId, box.workspaceId), eq(emailEvents.type, "reply")));
  expect(replyEvents.map((e) => e.id).sort()).toEqual(box.sends.map((s) => s.id).sort());
}

const inboxCursor = async (box: Box) =>
  (
    await db()
      .select()
      .from(mailboxFolders)
      .where(and(eq(mailboxFolders.mailboxId, box.mailbox.id), eq(mailboxFolders.path, "INBOX")))
  )[0];

describe("the IMAP connection dropped in the middle of a sync", () => {
  it("fails that sync; the next one resumes at the cursor: every message stored exactly once, none missed, every reply acted on", async () => {
    const box = await mailboxFullOfMail();
    // cut once the server has sent about half of the messages' bytes (the FETCH response)
    proxy.state.cutAfter = Math.floor(box.bytes / 2);
    const cutsBefore = proxy.cuts();
    await expect(syncMailbox(db(), box.mailbox.id)).rejects.toThrow();
    expect(proxy.cuts()).toBe(cutsBefore + 1);
    proxy.state.cutAfter = null;

    // what the failed sync left: whole chunks, the cursor at the last one stored, no gap below it
    const partial = await storedCounts(box);
    const cursor = await inboxCursor(box);
    expect(partial.size).toBeGreaterThan(0);
    expect(partial.size).toBeLessThan(TOTAL);
    expect(cursor?.lastUid).toBe(partial.size);
    // exactly the messages up to the cursor (UIDs 1..N), none after it
    expect([...partial.keys()].sort()).toEqual(
      [...box.uids]
        .filter(([, uid]) => uid <= cursor!.lastUid)
        .map(([id]) => id)
        .sort(),
    );
    expect([...partial.values()].every((c) => c === 1)).toBe(true);
    await everyStoredReplyActedOn(box);

    const resumed = await syncMailbox(db(), box.mailbox.id);
    expect(resumed.folders.find((f) => f.role === "inbox")).toMatchObject({
      fetched: TOTAL - partial.size,
      stored: TOTAL - partial.size,
      skipped: 0,
    });
    await assertComplete(box);
    expect((await inboxCursor(box))?.lastUid).toBe(TOTAL);
  });
});

describe("a worker killed (-9) in the middle of a sync", () => {
  it("leaves every stored reply's lead stopped (store and effects are one transaction); the next sync finishes, nothing twice", async () => {
    // slow the server down (about 80 kB/s) so the sync is still running when the worker dies
    proxy.state.bytesPer50ms = 4096;
    // the worker starts (a fresh tsx process: slow on a loaded machine) while the mailbox fills
    const [box, worker] = await Promise.all([
      mailboxFullOfMail(),
      startWorkerProcess({}, { readyTimeoutMs: 240_000 }),
    ]);
    try {
      await enqueue("inbox.sync", { mailboxId: box.mailbox.id });
      await until(
        "a few chunks stored",
        async () => {
          const stored = (await storedCounts(box)).size;
          return stored >= 150 && stored;
        },
        { timeoutMs: 120_000, intervalMs: 20, detail: () => worker.output().slice(-2000) },
      );
    } finally {
      await worker.killHard();
    }
    proxy.state.bytesPer50ms = null;

    const atCrash = await storedCounts(box);
    expect(atCrash.size).toBeLessThan(TOTAL); // it died mid-sync
    expect([...atCrash.values()].every((c) => c === 1)).toBe(true);
    const repliesAtCrash = await everyStoredReplyActedOn(box);
    expect(repliesAtCrash).toBeGreaterThan(0);

    // the killed process's session (and its advisory lock on the mailbox) is gone: the next sync runs
    const resumed = await until(
      "the next sync to run",
      async () => {
        const r = await runInboxSync(db(), box.mailbox.id);
        return "folders" in r && r;
      },
      { timeoutMs: 60_000 },
    );
    expect(resumed.folders.find((f) => f.role === "inbox")!.stored).toBe(TOTAL - atCrash.size);
    await assertComplete(box);
  });
});
