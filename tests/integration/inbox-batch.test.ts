import { and, eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPersonalWorkspace } from "../../src/lib/auth/personal-workspace";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  emailEvents,
  events,
  inboxMessages,
  mailboxFolders,
  sentEmails,
  users,
  webhookDeliveries,
  webhookEndpoints,
} from "../../src/lib/db/schema";
import { listThreads } from "../../src/lib/inbox/list-threads";
import { syncMailbox } from "../../src/lib/inbox/sync";
import { BOSS_SCHEMA } from "../../src/lib/queue/boss";
import { makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { type MailServer, startMailServer } from "./helpers/mail-server";

// A mailbox's INBOX is filled over IMAP APPEND on real Dovecot, then synced: chunks of messages are
// stored in one transaction each, so these pin down what batching must not change.
let mail: MailServer;
beforeAll(async () => {
  mail = await startMailServer();
});
afterAll(async () => {
  await mail?.stop();
});

const PASSWORD = "batch-password-1";
let n = 0;

/** A workspace with a real IMAP mailbox and `leadCount` leads, each sent one campaign email. */
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
  const address = `inbox-${stamp}@outreach.test`;
  await mail.addUser(address, PASSWORD);
  const mailbox = await makeMailbox(workspaceId, mail.smtpPort, {
    email: address,
    imapHost: "127.0.0.1",
    imapPort: mail.imapPort,
    imapSecurity: "none",
    imapUser: address,
    imapPasswordEnc: encryptSecret(PASSWORD),
  });
  const campaignId = crypto.randomUUID();
  await db.insert(campaigns).values({ id: campaignId, workspaceId, name: "Batch", status: "active" });
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
        messageId: `<${id}.abc@outreach.test>`,
        fromEmail: address,
        toEmail: lead.email,
        subject: "Quick question",
        sentAt: new Date(),
      })
      .returning();
    sends.push(row!);
  }
  return { workspaceId, mailbox, campaignId, leads: people, sends };
}

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

const reply = (
  from: string,
  to: string,
  inReplyTo: string,
  id: string,
  text = "Sounds interesting, tell me more.",
) =>
  [
    `From: <${from}>`,
    `To: <${to}>`,
    "Subject: Re: Quick question",
    `Message-ID: ${id}`,
    `In-Reply-To: ${inReplyTo}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "",
  ].join("\r\n");

const unrelated = (to: string, id: string, body = "Lunch on Friday?") =>
  [`From: <friend@else.test>`, `To: <${to}>`, "Subject: Hi", `Message-ID: ${id}`, "", body, ""].join("\r\n");

const statuses = async (campaignId: string) =>
  (await getDb().select().from(campaignLeads).where(eq(campaignLeads.campaignId, campaignId))).map(
    (c) => c.status,
  );

describe("inbox sync stores each fetched chunk in one transaction", () => {
  it("stores a chunk of replies and mail once each, acts on every reply once, and records one webhook delivery per reply", async () => {
    const w = await workspaceWithSends(3);
    const db = getDb();
    await db.insert(webhookEndpoints).values({
      id: crypto.randomUUID(),
      workspaceId: w.workspaceId,
      url: "https://hooks.example.test/in",
      secretEnc: encryptSecret("whsec_test"),
      eventTypes: ["reply.received"],
    });
    const first = reply(w.leads[0]!.email, w.mailbox.email, w.sends[0]!.messageId, "<r0@client.test>");
    await append(w.mailbox.email, [
      first,
      unrelated(w.mailbox.email, "<u1@else.test>"),
      reply(w.leads[1]!.email, w.mailbox.email, w.sends[1]!.messageId, "<r1@client.test>"),
      // the same message twice in one chunk (delivered twice, or copied): stored and acted on once
      first,
      reply(w.leads[2]!.email, w.mailbox.email, w.sends[2]!.messageId, "<r2@client.test>"),
    ]);

    const result = await syncMailbox(db, w.mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")).toMatchObject({
      fetched: 5,
      stored: 4,
      skipped: 0,
    });
    const stored = await db.select().from(inboxMessages).where(eq(inboxMessages.mailboxId, w.mailbox.id));
    expect(stored.map((m) => m.messageId).sort()).toEqual([
      "<r0@client.test>",
      "<r1@client.test>",
      "<r2@client.test>",
      "<u1@else.test>",
    ]);
    for (const [i, s] of w.sends.entries()) {
      expect(stored.find((m) => m.messageId === `<r${i}@client.test>`)).toMatchObject({
        sentEmailId: s.id,
        leadId: w.leads[i]!.id,
        linkMethod: "in_reply_to",
        category: "reply",
      });
    }
    expect(await statuses(w.campaignId)).toEqual(["replied", "replied", "replied"]);
    const received = await db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, w.workspaceId), eq(events.type, "reply.received")));
    expect(received.map((e) => e.payload.inboxMessageId).sort()).toEqual(
      stored
        .filter((m) => m.leadId !== null)
        .map((m) => m.id)
        .sort(),
    );
    const deliveries = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, w.workspaceId));
    expect(deliveries.map((d) => d.eventId).sort()).toEqual(received.map((e) => e.id).sort());
    // and each has its delivery job, enqueued after the chunk committed (in one insert)
    const { rows: jobs } = await db.execute<{ key: string }>(
      sql`select singleton_key as key from ${sql.identifier(BOSS_SCHEMA)}.job where name = 'webhooks.deliver'`,
    );
    expect(
      jobs
        .map((j) => j.key)
        .filter((k) => deliveries.some((d) => d.id === k))
        .sort(),
    ).toEqual(deliveries.map((d) => d.id).sort());
    const replyEvents = await db
      .select()
      .from(emailEvents)
      .where(and(eq(emailEvents.workspaceId, w.workspaceId), eq(emailEvents.type, "reply")));
    expect(replyEvents.map((e) => e.sentEmailId).sort()).toEqual(w.sends.map((s) => s.id).sort());

    // the cursor is past the chunk: nothing is fetched again
    const again = await syncMailbox(db, w.mailbox.id);
    expect(again.folders.find((f) => f.role === "inbox")).toMatchObject({ fetched: 0, stored: 0 });
  });

  it("a message that cannot be parsed is skipped without losing the others; NUL characters are dropped, not fatal", async () => {
    const w = await workspaceWithSends(1);
    const db = getDb();
    // a header block over mailparser's 1 MiB limit: the parser refuses the whole message
    const huge = [
      "From: <spammer@else.test>",
      `To: <${w.mailbox.email}>`,
      "Subject: huge",
      "Message-ID: <huge@else.test>",
      `X-Padding: ${"a".repeat(1100 * 1024)}`,
      "",
      "body",
      "",
    ].join("\r\n");
    // quoted-printable =00 decodes to U+0000, which PostgreSQL text cannot hold
    const nul = [
      "From: <friend@else.test>",
      `To: <${w.mailbox.email}>`,
      "Subject: has a NUL",
      "Message-ID: <nul@else.test>",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "before=00after",
      "",
    ].join("\r\n");
    await append(w.mailbox.email, [
      unrelated(w.mailbox.email, "<a@else.test>"),
      huge,
      nul,
      reply(w.leads[0]!.email, w.mailbox.email, w.sends[0]!.messageId, "<reply@client.test>"),
    ]);

    const result = await syncMailbox(db, w.mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")).toMatchObject({
      fetched: 4,
      stored: 3,
      skipped: 1,
    });
    const stored = await db.select().from(inboxMessages).where(eq(inboxMessages.mailboxId, w.mailbox.id));
    expect(stored.map((m) => m.messageId).sort()).toEqual([
      "<a@else.test>",
      "<nul@else.test>",
      "<reply@client.test>",
    ]);
    expect(stored.find((m) => m.messageId === "<nul@else.test>")!.textBody?.trim()).toBe("beforeafter");
    expect(await statuses(w.campaignId)).toEqual(["replied"]);
    // skipped for good: the cursor is past it, so it is not retried on every sync
    const [cursor] = await db
      .select()
      .from(mailboxFolders)
      .where(and(eq(mailboxFolders.mailboxId, w.mailbox.id), eq(mailboxFolders.path, "INBOX")));
    expect(cursor!.lastUid).toBe(4);
    const again = await syncMailbox(db, w.mailbox.id);
    expect(again.folders.find((f) => f.role === "inbox")).toMatchObject({ fetched: 0 });
  });

  it("a lone UTF-16 surrogate (a broken encoded-word) is stored as U+FFFD, with the rest of its chunk", async () => {
    const w = await workspaceWithSends(1);
    const db = getDb();
    const broken = [
      "From: <friend@else.test>",
      `To: <${w.mailbox.email}>`,
      // UTF-16BE 0xD800: a high surrogate with nothing after it
      "Subject: =?utf-16be?B?2AA=?= ok",
      "Message-ID: <surrogate@else.test>",
      "",
      "body",
      "",
    ].join("\r\n");
    await append(w.mailbox.email, [
      broken,
      reply(w.leads[0]!.email, w.mailbox.email, w.sends[0]!.messageId, "<reply-s@client.test>"),
    ]);
    const result = await syncMailbox(db, w.mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")).toMatchObject({ fetched: 2, stored: 2 });
    const stored = await db.select().from(inboxMessages).where(eq(inboxMessages.mailboxId, w.mailbox.id));
    expect(stored.find((m) => m.messageId === "<surrogate@else.test>")!.subject).toBe("\uFFFD ok");
    expect(await statuses(w.campaignId)).toEqual(["replied"]);
  });

  it("a reply is never stored without its effects: when acting on it fails, neither is kept, and the next sync does both", async () => {
    const w = await workspaceWithSends(2);
    const db = getDb();
    await append(w.mailbox.email, [
      unrelated(w.mailbox.email, "<before@else.test>"),
      reply(w.leads[0]!.email, w.mailbox.email, w.sends[0]!.messageId, "<acted@client.test>"),
      reply(w.leads[1]!.email, w.mailbox.email, w.sends[1]!.messageId, "<later@client.test>"),
    ]);
    // a real database failure at the moment the lead is marked replied (as a crash there would be)
    const fn = `fail_replied_${n}`;
    await db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
        begin raise exception 'injected failure while marking replied'; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger ${fn} before update on campaign_leads for each row
        when (new.status = 'replied' and new.workspace_id = '${w.workspaceId}') execute function ${fn}()`),
    );
    const failure = await syncMailbox(db, w.mailbox.id).then(
      () => null,
      (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
    );
    expect(failure).toBe("injected failure while marking replied");
    const kept = await db.select().from(inboxMessages).where(eq(inboxMessages.mailboxId, w.mailbox.id));
    // what came before the reply is stored (with the cursor up to it); the reply is not, nor after it
    expect(kept.map((m) => m.messageId)).toEqual(["<before@else.test>"]);
    expect(await statuses(w.campaignId)).toEqual(["queued", "queued"]);
    const [cursor] = await db
      .select()
      .from(mailboxFolders)
      .where(and(eq(mailboxFolders.mailboxId, w.mailbox.id), eq(mailboxFolders.path, "INBOX")));
    expect(cursor!.lastUid).toBe(1);

    await db.execute(sql.raw(`drop trigger ${fn} on campaign_leads`));
    await db.execute(sql.raw(`drop function ${fn}()`));
    const result = await syncMailbox(db, w.mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")).toMatchObject({ fetched: 2, stored: 2 });
    const after = await db.select().from(inboxMessages).where(eq(inboxMessages.mailboxId, w.mailbox.id));
    expect(after.map((m) => m.messageId).sort()).toEqual([
      "<acted@client.test>",
      "<before@else.test>",
      "<later@client.test>",
    ]);
    expect(await statuses(w.campaignId)).toEqual(["replied", "replied"]);
  });
});

describe("inbox sync of a folder larger than one transaction", () => {
  /** `count` messages, every fifth a reply to the next lead (threaded), the rest unrelated. */
  async function bigFolder(count: number) {
    const w = await workspaceWithSends(Math.ceil(count / 5));
    const raws = Array.from({ length: count }, (_, i) =>
      i % 5 === 4
        ? reply(
            w.leads[(i - 4) / 5]!.email,
            w.mailbox.email,
            w.sends[(i - 4) / 5]!.messageId,
            `<big-r${i}@client.test>`,
          )
        : unrelated(w.mailbox.email, `<big-u${i}@else.test>`),
    );
    await append(w.mailbox.email, raws);
    return w;
  }
  const inboxCursor = async (mailboxId: string) =>
    (
      await getDb()
        .select()
        .from(mailboxFolders)
        .where(and(eq(mailboxFolders.mailboxId, mailboxId), eq(mailboxFolders.path, "INBOX")))
    )[0]?.lastUid;
  const storedUids = async (mailboxId: string) =>
    (await getDb().select().from(inboxMessages).where(eq(inboxMessages.mailboxId, mailboxId)))
      .map((m) => m.uid!)
      .sort((a, b) => a - b);

  it("stores every message once in transactions of 50 to 250 consecutive UIDs, acting on each reply once", async () => {
    const w = await bigFolder(260);
    const db = getDb();
    const result = await syncMailbox(db, w.mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")).toMatchObject({
      fetched: 260,
      stored: 260,
      skipped: 0,
    });
    expect(await storedUids(w.mailbox.id)).toEqual(Array.from({ length: 260 }, (_, i) => i + 1));
    // rows written by one transaction share its xmin: each transaction holds a run of UIDs, the
    // runs in order, none smaller than 50 but the last, none larger than 250
    const { rows: runs } = await db.execute<{ first: number; last: number; n: number }>(sql`
      select min(uid)::int as first, max(uid)::int as last, count(*)::int as n
      from inbox_messages where mailbox_id = ${w.mailbox.id} group by xmin::text order by 1`);
    expect(runs.length).toBeGreaterThan(1);
    for (const [i, run] of runs.entries()) {
      expect(run.last - run.first + 1).toBe(run.n);
      if (i > 0) expect(run.first).toBe(runs[i - 1]!.last + 1);
      if (i < runs.length - 1) expect(run.n).toBeGreaterThanOrEqual(50);
      expect(run.n).toBeLessThanOrEqual(250);
    }
    expect(await statuses(w.campaignId)).toEqual(w.leads.map(() => "replied"));
    const replyEvents = await db
      .select()
      .from(emailEvents)
      .where(and(eq(emailEvents.workspaceId, w.workspaceId), eq(emailEvents.type, "reply")));
    expect(replyEvents.map((e) => e.sentEmailId).sort()).toEqual(w.sends.map((s) => s.id).sort());
    expect(await inboxCursor(w.mailbox.id)).toBe(260);
  });

  it("a transaction that fails stops the sync at the last message stored; the next sync stores the rest once", async () => {
    const w = await bigFolder(250);
    const db = getDb();
    // the reply at UID 230 (lead 45) cannot be acted on: a real database failure, as a crash would be
    const failing = w.leads[45]!.id;
    const fn = `fail_big_${n}`;
    await db.execute(
      sql.raw(`create function ${fn}() returns trigger language plpgsql as $$
        begin raise exception 'injected failure for one lead'; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger ${fn} before update on campaign_leads for each row
        when (new.status = 'replied' and new.lead_id = '${failing}') execute function ${fn}()`),
    );
    const failure = await syncMailbox(db, w.mailbox.id).then(
      () => null,
      (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
    );
    expect(failure).toBe("injected failure for one lead");
    expect(await storedUids(w.mailbox.id)).toEqual(Array.from({ length: 229 }, (_, i) => i + 1));
    expect(await inboxCursor(w.mailbox.id)).toBe(229);

    await db.execute(sql.raw(`drop trigger ${fn} on campaign_leads`));
    await db.execute(sql.raw(`drop function ${fn}()`));
    const result = await syncMailbox(db, w.mailbox.id);
    expect(result.folders.find((f) => f.role === "inbox")).toMatchObject({ fetched: 21, stored: 21 });
    expect(await storedUids(w.mailbox.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(await statuses(w.campaignId)).toEqual(w.leads.map(() => "replied"));
  });
});

describe("listThreads", () => {
  it("one row per thread (its latest message), newest first, with counts, unread, filters, pages and the total", async () => {
    const w = await workspaceWithSends(1);
    const db = getDb();
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes));
    const row = (
      id: string,
      threadKey: string | null,
      minutes: number,
      extra: Partial<typeof inboxMessages.$inferInsert> = {},
    ) => ({
      id: `${w.workspaceId}-${id}`,
      workspaceId: w.workspaceId,
      mailboxId: w.mailbox.id,
      folder: "inbox" as const,
      messageId: `<${id}@t.test>`,
      threadKey,
      receivedAt: at(minutes),
      category: "reply" as const,
      isRead: true,
      ...extra,
    });
    await db.insert(inboxMessages).values([
      // thread A: three messages, the latest unread and interested
      row("a1", "A", 1),
      row("a2", "A", 5),
      row("a3", "A", 9, { isRead: false, intent: "interested" }),
      // thread B: an earlier unread unclassified message, a later read auto-reply
      row("b1", "B", 2, { isRead: false, category: "other" }),
      row("b2", "B", 7, { category: "auto_reply" }),
      // a message with no thread key is a thread of its own
      row("c1", null, 8),
      // our own outbound reply is not a received message: never a thread's latest
      row("a4", "A", 10, { direction: "outbound" }),
    ]);
    const ids = (r: Awaited<ReturnType<typeof listThreads>>) =>
      r.data.map((d) => d.id.replace(`${w.workspaceId}-`, ""));

    const all = await listThreads(db, w.workspaceId, { page: 1, pageSize: 50 });
    expect(ids(all)).toEqual(["a3", "c1", "b2"]);
    expect(all.total).toBe(3);
    expect(all.data.map((d) => [d.messageCount, d.unread])).toEqual([
      [3, true],
      [1, false],
      [2, true],
    ]);

    const second = await listThreads(db, w.workspaceId, { page: 2, pageSize: 2 });
    expect(ids(second)).toEqual(["b2"]);
    expect(second.total).toBe(3);

    // filters on the thread's label (tests/integration/inbox-thread-label.test.ts), and on unread
    // anywhere in the thread
    expect(
      ids(await listThreads(db, w.workspaceId, { page: 1, pageSize: 50, category: "auto_reply" })),
    ).toEqual(["b2"]);
    expect(
      ids(await listThreads(db, w.workspaceId, { page: 1, pageSize: 50, intent: "interested" })),
    ).toEqual(["a3"]);
    const unread = await listThreads(db, w.workspaceId, { page: 1, pageSize: 50, unread: "true" });
    expect([ids(unread), unread.total]).toEqual([["a3", "b2"], 2]);
    expect(ids(await listThreads(db, w.workspaceId, { page: 1, pageSize: 50, unread: "false" }))).toEqual([
      "c1",
    ]);
    // another workspace sees none of it
    const other = await workspaceWithSends(1);
    expect((await listThreads(db, other.workspaceId, { page: 1, pageSize: 50 })).total).toBe(0);
  });
});
