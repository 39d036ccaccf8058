import { generateKeyPairSync } from "node:crypto";
import type { AddressInfo, Socket } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { authenticate } from "mailauth";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { campaignAnalytics } from "../../src/lib/campaigns/analytics";
import { encryptSecret } from "../../src/lib/crypto";
import { getDb } from "../../src/lib/db/client";
import {
  campaignLeads,
  campaignSteps,
  campaigns,
  domains,
  emailEvents,
  leads,
  mailboxes,
  sentEmailStatuses,
  sentEmails,
  stepVariants,
  suppressions,
  workspaces,
} from "../../src/lib/db/schema";
import {
  closeMailboxTransports,
  openMailboxTransports,
} from "../../src/lib/mailboxes/mailbox-transport-pool";
import { AcceptedNotRecordedError } from "../../src/lib/sending/record-sent";
import { recoverStuckSends } from "../../src/lib/sending/recover-stuck-sends";
import { sendCampaignEmail } from "../../src/lib/sending/sender";
import { makeLeads, makeMailbox } from "./fixtures/campaign-fixtures";
import { header } from "./helpers/smtp-capture";

/**
 * A real SMTP server (nodemailer's smtp-server) on loopback that counts connections and lets a
 * test decide how it answers: refuse the sender at MAIL FROM or DATA, or run something at the
 * moment it has the whole message and is about to say 250.
 */
type Received = { from: string; to: string; raw: string; connection: string };
const server = {
  received: [] as Received[],
  connections: 0,
  refuseMailFrom: undefined as string | undefined,
  refuseData: undefined as string | undefined,
  beforeAccept: undefined as (() => Promise<void>) | undefined,
  /** drop the connection without a word at MAIL FROM, or after the whole message (before 250) */
  dropAtMailFrom: false,
  dropAfterData: false,
};
const sockets = new Set<Socket>();
const dropConnections = () => {
  for (const s of sockets) s.destroy();
};
let smtp: SMTPServer;
let port: number;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: false,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, cb) {
      server.connections++;
      cb();
    },
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onMailFrom(_address, _session, cb) {
      if (server.dropAtMailFrom) return dropConnections();
      if (server.refuseMailFrom)
        return cb(Object.assign(new Error(server.refuseMailFrom), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (server.refuseData) return cb(Object.assign(new Error(server.refuseData), { responseCode: 554 }));
        await server.beforeAccept?.();
        server.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo[0]!.address,
          raw: Buffer.concat(chunks).toString("utf8"),
          connection: session.id,
        });
        // the server has the message (it may deliver it) and the client never hears back
        if (server.dropAfterData) return dropConnections();
        cb();
      });
    },
  });
  smtp.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  port = (smtp.server.address() as AddressInfo).port;
});
afterEach(async () => {
  await closeMailboxTransports();
  Object.assign(server, {
    refuseMailFrom: undefined,
    refuseData: undefined,
    beforeAccept: undefined,
    dropAtMailFrom: false,
    dropAfterData: false,
  });
});
afterAll(async () => {
  await closeMailboxTransports();
  await new Promise<void>((r) => smtp.close(() => r()));
});

const to = (address: string) => server.received.filter((m) => m.to === address);

/** A workspace with an active one-step campaign and `n` emails queued as the scheduler leaves them. */
async function queueEmails(n: number, mailboxOver: Partial<typeof mailboxes.$inferInsert> = {}) {
  const db = getDb();
  const ws = crypto.randomUUID();
  await db.insert(workspaces).values({ id: ws, name: "Sender tests", slug: ws });
  const mailbox = await makeMailbox(ws, port, mailboxOver);
  const campaignId = crypto.randomUUID();
  await db.insert(campaigns).values({ id: campaignId, workspaceId: ws, name: "c", status: "active" });
  const stepId = crypto.randomUUID();
  await db.insert(campaignSteps).values({ id: stepId, workspaceId: ws, campaignId, position: 1 });
  const variantId = crypto.randomUUID();
  await db.insert(stepVariants).values({
    id: variantId,
    workspaceId: ws,
    stepId,
    label: "A",
    subject: "Hello {{firstName}}",
    bodyHtml: '<p>Hi {{firstName}}</p><p><a href="https://coldframe.test/x">x</a></p>',
  });
  const rows = await makeLeads(
    ws,
    Array.from({ length: n }, (_, i) => ({
      email: `lead${i}-${ws.slice(0, 6)}@client.test`,
      firstName: `L${i}`,
    })),
  );
  const ids: string[] = [];
  for (const lead of rows) {
    const clId = crypto.randomUUID();
    await db.insert(campaignLeads).values({
      id: clId,
      workspaceId: ws,
      campaignId,
      leadId: lead.id,
      status: "sending",
      mailboxId: mailbox.id,
    });
    const id = crypto.randomUUID();
    await db.insert(sentEmails).values({
      id,
      workspaceId: ws,
      campaignId,
      campaignLeadId: clId,
      leadId: lead.id,
      stepId,
      variantId,
      mailboxId: mailbox.id,
      messageId: `<${id}@outreach.test>`,
      fromEmail: mailbox.email,
      toEmail: lead.email,
    });
    ids.push(id);
  }
  return { ws, mailbox, campaignId, ids, leads: rows };
}

const row = async (id: string) => (await getDb().select().from(sentEmails).where(eq(sentEmails.id, id)))[0];

describe("pooled SMTP transports", () => {
  it("sends many emails of one mailbox over one connection, and never shares it with another mailbox", async () => {
    const a = await queueEmails(6);
    const b = await queueEmails(4);
    const before = server.connections;
    // one after another: each send finds the connection the last one left open
    for (const id of a.ids) expect(await sendCampaignEmail(getDb(), id)).toBe("sent");
    expect(server.connections - before).toBe(1);
    for (const id of b.ids) expect(await sendCampaignEmail(getDb(), id)).toBe("sent");
    expect(server.connections - before).toBe(2);
    expect(openMailboxTransports()).toBe(2);
    // each mailbox's emails came over its own connection
    const connectionsOf = (lead: { email: string }[]) => new Set(lead.map((l) => to(l.email)[0]!.connection));
    expect(connectionsOf(a.leads).size).toBe(1);
    expect(connectionsOf(b.leads).size).toBe(1);
    expect([...connectionsOf(a.leads)][0]).not.toBe([...connectionsOf(b.leads)][0]);
    for (const l of [...a.leads, ...b.leads]) expect(to(l.email)).toHaveLength(1);
  });

  it("sends at once within the provider's connection limit, and opens a new pool when the mailbox's login changes", async () => {
    const a = await queueEmails(12);
    const before = server.connections;
    const outcomes = await Promise.all(a.ids.slice(0, 9).map((id) => sendCampaignEmail(getDb(), id)));
    expect(outcomes).toEqual(Array(9).fill("sent"));
    // 9 at once over at most 3 connections (a custom server's limit)
    expect(server.connections - before).toBeGreaterThanOrEqual(1);
    expect(server.connections - before).toBeLessThanOrEqual(3);
    const opened = server.connections;
    await getDb()
      .update(mailboxes)
      .set({ smtpPasswordEnc: encryptSecret("a new app password") })
      .where(eq(mailboxes.id, a.mailbox.id));
    for (const id of a.ids.slice(9)) expect(await sendCampaignEmail(getDb(), id)).toBe("sent");
    expect(server.connections - opened).toBe(1);
    expect(openMailboxTransports()).toBe(1);
  });
});

describe("claims", () => {
  it("the same email sent by three jobs at once (one shared claim statement) goes out once", async () => {
    const a = await queueEmails(2);
    const outcomes = await Promise.all([
      sendCampaignEmail(getDb(), a.ids[0]!),
      sendCampaignEmail(getDb(), a.ids[0]!),
      sendCampaignEmail(getDb(), a.ids[1]!),
      sendCampaignEmail(getDb(), a.ids[0]!),
    ]);
    expect(outcomes.sort()).toEqual(["sent", "sent", "skipped", "skipped"]);
    expect(to(a.leads[0]!.email)).toHaveLength(1);
    expect(to(a.leads[1]!.email)).toHaveLength(1);
    expect(await row(a.ids[0]!)).toMatchObject({ status: "sent", attempts: 1 });
  });
});

describe("DKIM keys", () => {
  it("signs with the domain's key, cached, and with the new key from the first email after a rotation", async () => {
    const a = await queueEmails(3);
    const domainId = crypto.randomUUID();
    const makeKey = (selector: string) => {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      return {
        selector,
        pem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        txt: `v=DKIM1; k=rsa; p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`,
      };
    };
    const first = makeKey("cf1");
    const second = makeKey("cf2");
    await getDb()
      .insert(domains)
      .values({
        id: domainId,
        workspaceId: a.ws,
        name: "outreach.test",
        dkimSelector: first.selector,
        dkimPrivateKeyEnc: encryptSecret(first.pem),
      });
    const verify = async (raw: string, published: { selector: string; txt: string }[]) => {
      const auth = await authenticate(raw, {
        ip: "127.0.0.1",
        helo: "localhost",
        sender: a.mailbox.email,
        resolver: async (name: string, rr: string) => {
          const key = published.find((k) => name === `${k.selector}._domainkey.outreach.test`);
          if (rr === "TXT" && key) return [[key.txt]];
          throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
        },
      });
      return auth.dkim.results.map((r: { status: { result: string } }) => r.status.result);
    };

    for (const id of a.ids.slice(0, 2)) expect(await sendCampaignEmail(getDb(), id)).toBe("sent");
    for (const l of a.leads.slice(0, 2)) {
      const raw = to(l.email)[0]!.raw;
      expect(header(raw, "DKIM-Signature")).toContain("s=cf1");
      expect(await verify(raw, [first])).toEqual(["pass"]);
    }

    // rotation: a new key under a new selector; the old one is unpublished
    await getDb()
      .update(domains)
      .set({ dkimSelector: second.selector, dkimPrivateKeyEnc: encryptSecret(second.pem) })
      .where(eq(domains.id, domainId));
    expect(await sendCampaignEmail(getDb(), a.ids[2]!)).toBe("sent");
    const rotated = to(a.leads[2]!.email)[0]!.raw;
    expect(header(rotated, "DKIM-Signature")).toContain("s=cf2");
    expect(await verify(rotated, [second])).toEqual(["pass"]);
  });
});

describe("once the server has said 250", () => {
  it("the connection recording it is killed: the bookkeeping is retried, the email never sent again", async () => {
    const a = await queueEmails(1);
    const [id] = a.ids;
    const [clRow] = await getDb()
      .select()
      .from(campaignLeads)
      .where(eq(campaignLeads.leadId, a.leads[0]!.id));
    const dbName = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    const killed: number[] = [];
    let killing: Promise<void> | undefined;
    server.beforeAccept = async () => {
      // hold the lead's row, so the sender's record waits on it; once it waits, kill its backend
      // (as a failover or an operator would), then let go
      await killer.query("begin");
      await killer.query("select 1 from campaign_leads where id = $1 for update", [clRow!.id]);
      killing = (async () => {
        for (;;) {
          const { rows } = await killer.query<{ pid: number }>(
            `select pid from pg_stat_activity
             where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
            [dbName],
          );
          if (rows[0]) {
            await killer.query("select pg_terminate_backend($1)", [rows[0].pid]);
            killed.push(rows[0].pid);
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
        await killer.query("rollback");
      })();
    };
    try {
      expect(await sendCampaignEmail(getDb(), id!, { recordRetryDelaysMs: [50, 100, 200, 500, 1000] })).toBe(
        "sent",
      );
      await killing;
    } finally {
      await killer.end();
    }
    expect(killed).toHaveLength(1);
    expect(await row(id!)).toMatchObject({ status: "sent", attempts: 1 });
    const [cl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.id, clRow!.id));
    expect(cl).toMatchObject({ status: "completed", nextStep: 2, threadMessageId: `<${id}@outreach.test>` });
    const events = await getDb().select().from(emailEvents).where(eq(emailEvents.sentEmailId, id!));
    expect(events.map((e) => e.type)).toEqual(["sent"]);
    // the job runs again (a retry, a second worker): nothing more is sent
    expect(await sendCampaignEmail(getDb(), id!)).toBe("skipped");
    expect(to(a.leads[0]!.email)).toHaveLength(1);
  });

  it("a database that keeps failing after acceptance: the row stays `sending` and is never resent", async () => {
    const a = await queueEmails(1);
    const [id] = a.ids;
    const db = getDb();
    // a real database error on recording (a trigger refusing the change), from the moment of acceptance
    await db.execute(sql`
      create or replace function refuse_sent() returns trigger language plpgsql as $$
      begin raise exception 'disk full (simulated)'; end $$`);
    server.beforeAccept = async () => {
      await db.execute(sql`
        create trigger refuse_sent before update on sent_emails
        for each row when (new.status = 'sent') execute function refuse_sent()`);
    };
    try {
      await expect(sendCampaignEmail(db, id!, { recordRetryDelaysMs: [10, 10] })).rejects.toBeInstanceOf(
        AcceptedNotRecordedError,
      );
      expect(await row(id!)).toMatchObject({ status: "sending", attempts: 1 });
      // the job's retries find it `sending`: skipped, not sent again
      expect(await sendCampaignEmail(db, id!)).toBe("skipped");
      expect(await sendCampaignEmail(db, id!)).toBe("skipped");
      expect(to(a.leads[0]!.email)).toHaveLength(1);
    } finally {
      await db.execute(sql`drop trigger if exists refuse_sent on sent_emails`);
    }
  });
});

describe("5xx: the recipient or the sender", () => {
  it("a refusal of the sender at MAIL FROM (SendAsDenied) pauses the mailbox with the reason; the lead is untouched", async () => {
    const a = await queueEmails(2);
    const reason = "5.7.60 SMTP; Client does not have permissions to send as this sender";
    server.refuseMailFrom = reason;
    expect(await sendCampaignEmail(getDb(), a.ids[0]!)).toBe("requeued");
    const [m] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, a.mailbox.id));
    expect(m!.status).toBe("paused");
    expect(m!.statusReason).toBe(`SMTP server refused the sender at MAIL FROM: 550 ${reason}`);
    // the email is put back as it was before the scheduler queued it, the lead neither bounced nor suppressed
    expect(await row(a.ids[0]!)).toBeUndefined();
    const [cl] = await getDb().select().from(campaignLeads).where(eq(campaignLeads.leadId, a.leads[0]!.id));
    expect(cl).toMatchObject({ status: "queued", nextStep: 1 });
    const [lead] = await getDb().select().from(leads).where(eq(leads.id, a.leads[0]!.id));
    expect(lead!.status).toBe("active");
    const suppressed = await getDb()
      .select()
      .from(suppressions)
      .where(and(eq(suppressions.workspaceId, a.ws), eq(suppressions.value, a.leads[0]!.email)));
    expect(suppressed).toEqual([]);
    // the next queued email of the paused mailbox is not sent either, and its lead waits too
    server.refuseMailFrom = undefined;
    expect(await sendCampaignEmail(getDb(), a.ids[1]!)).toBe("requeued");
    expect(to(a.leads[1]!.email)).toHaveLength(0);
  });

  it("a refusal at DATA (a policy block of the sender) pauses the mailbox too", async () => {
    const a = await queueEmails(1);
    server.refuseData = "5.7.1 Message rejected: sending account blocked";
    expect(await sendCampaignEmail(getDb(), a.ids[0]!)).toBe("requeued");
    const [m] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, a.mailbox.id));
    expect(m).toMatchObject({
      status: "paused",
      statusReason:
        "SMTP server refused the sender at DATA: 554 5.7.1 Message rejected: sending account blocked",
    });
    const [lead] = await getDb().select().from(leads).where(eq(leads.id, a.leads[0]!.id));
    expect(lead!.status).toBe("active");
  });
});

describe("a connection lost mid-send", () => {
  it("before the message was written (at MAIL FROM): nothing can have arrived, the email is retried", async () => {
    const a = await queueEmails(1);
    const [id] = a.ids;
    server.dropAtMailFrom = true;
    // put back with its retry job in the mailbox's next slot (tests/reliability/smtp-faults.test.ts)
    expect(await sendCampaignEmail(getDb(), id!)).toBe("requeued");
    expect(await row(id!)).toMatchObject({ status: "queued", attempts: 1 });
    expect(to(a.leads[0]!.email)).toHaveLength(0);
    server.dropAtMailFrom = false;
    expect(await sendCampaignEmail(getDb(), id!)).toBe("sent");
    expect(to(a.leads[0]!.email)).toHaveLength(1);
  });

  it("after the whole message, before the server's answer: left `sending` and never retried; the sweep marks it unknown and the lead moves on in its thread", async () => {
    const a = await queueEmails(1);
    const [id] = a.ids;
    const db = getDb();
    const step2 = crypto.randomUUID();
    await db
      .insert(campaignSteps)
      .values({ id: step2, workspaceId: a.ws, campaignId: a.campaignId, position: 2 });
    server.dropAfterData = true;
    expect(await sendCampaignEmail(db, id!)).toBe("uncertain");
    // the server has it; the app cannot know whether it said 250
    expect(to(a.leads[0]!.email)).toHaveLength(1);
    const left = await row(id!);
    expect(left).toMatchObject({ status: "sending", attempts: 1 });
    expect(left!.error).toMatch(/^connection lost after the message was sent, before the server answered/);
    server.dropAfterData = false;
    // the job's retry (or another worker) does not send it again
    expect(await sendCampaignEmail(db, id!)).toBe("skipped");

    // within the grace period the sweep leaves it alone (a send could still be finishing)
    expect(await recoverStuckSends(db, { graceMs: 3_600_000 })).toEqual({
      sent: 0,
      requeued: 0,
      unknown: 0,
      waiting: 0,
    });
    expect((await row(id!))!.status).toBe("sending");
    // after it: a custom server's Sent folder proves nothing, so it is unknown (every stuck row of
    // this file's mailboxes is: all are custom servers)
    const [stuck] = (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from sent_emails where status = 'sending'`,
      )
    ).rows;
    expect(await recoverStuckSends(db, { graceMs: 0 })).toEqual({
      sent: 0,
      requeued: 0,
      unknown: stuck!.n,
      waiting: 0,
    });
    const unknown = await row(id!);
    expect(unknown).toMatchObject({ status: "unknown", subject: "Hello L0", smtpResponse: null });
    expect(unknown!.error).toMatch(/nothing tells whether it arrived: not sent again/);
    expect(unknown!.sentAt).toBeInstanceOf(Date);
    // the lead moved on to step 2, which will answer in the thread this email started
    const [cl] = await db.select().from(campaignLeads).where(eq(campaignLeads.leadId, a.leads[0]!.id));
    expect(cl).toMatchObject({
      status: "queued",
      nextStep: 2,
      threadMessageId: unknown!.messageId,
      threadSubject: "Hello L0",
    });
    // not counted as sent; counted apart, for the campaign page
    const events = await db.select().from(emailEvents).where(eq(emailEvents.sentEmailId, id!));
    expect(events).toEqual([]);
    const analytics = await campaignAnalytics(db, a.ws, a.campaignId);
    expect(analytics).toMatchObject({ unknown: 1, totals: { sent: 0 } });
    // never sent again, and the sweep has nothing more to do
    expect(await sendCampaignEmail(db, id!)).toBe("skipped");
    expect(await recoverStuckSends(db, { graceMs: 0 })).toMatchObject({ unknown: 0 });
    expect(to(a.leads[0]!.email)).toHaveLength(1);
  });
});

describe("status columns", () => {
  it("the database takes every status the code knows and refuses any other (CHECK built from the same lists)", async () => {
    const a = await queueEmails(1);
    const db = getDb();
    const [id] = a.ids;
    for (const status of sentEmailStatuses) {
      await db.update(sentEmails).set({ status }).where(eq(sentEmails.id, id!));
      expect((await row(id!))!.status).toBe(status);
    }
    const refused = (q: Promise<unknown>) =>
      q.then(
        () => "accepted",
        (err: { cause?: { code?: string } }) => err.cause?.code,
      );
    expect(
      await refused(db.execute(sql`update sent_emails set status = 'delivered' where id = ${id!}`)),
    ).toBe("23514");
    expect(
      await refused(
        db.execute(sql`update campaign_leads set status = 'unknown' where lead_id = ${a.leads[0]!.id}`),
      ),
    ).toBe("23514");
    expect(
      await refused(db.execute(sql`update mailboxes set status = 'disabled' where id = ${a.mailbox.id}`)),
    ).toBe("23514");
  });
});
