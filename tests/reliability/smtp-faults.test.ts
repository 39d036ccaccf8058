import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { mailboxes, sentEmails } from "../../src/lib/db/schema";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { smtpOptions } from "../../src/lib/mailboxes/server-options";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { recoverStuckSends } from "../../src/lib/sending/recover-stuck-sends";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { loops } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { dueNow, netCampaign, queuedEmails } from "./helpers/net-campaign";
import { type SinkAction, startRecordingSink } from "./helpers/recording-sink";

/**
 * The SMTP server misbehaving as real ones do — 421 at connect, never answering, closing the
 * connection after the message's final dot (a possible send: left to the recovery sweep, never
 * retried) — against the real send path: the scheduler's tick
 * queues, a worker's send loop sends through the mailbox's pooled nodemailer transport to a raw
 * SMTP sink on loopback. Backoffs are minutes long: each test asserts when the retry is due, then
 * makes the email due now instead of waiting.
 */

const MINUTE = 60_000;
const sink = {
  connect: "accept" as SinkAction,
  afterData: [] as SinkAction[], // for the next messages, in order; "accept" once used up
};
let server: Awaited<ReturnType<typeof startRecordingSink>>;
let worker: RunningWorker;

beforeAll(async () => {
  server = await startRecordingSink({
    onConnect: () => sink.connect,
    afterData: () => sink.afterData.shift() ?? "accept",
  });
  // the send loop only: no cron tick running on the real clock next to the test's own ticks
  worker = await startWorker({
    databaseUrl: process.env.DATABASE_URL!,
    definitions: [] as const,
    handlers: {},
    loops: { "campaign.send": loops["campaign.send"]! },
  });
});
afterEach(async () => {
  await closeMailboxTransports();
  sink.connect = "accept";
  sink.afterData = [];
});
afterAll(async () => {
  await worker?.stop(10_000);
  await closeMailboxTransports();
  await server?.close();
});

const db = () => getDb();
const emailsOf = (campaignId: string) =>
  db().select().from(sentEmails).where(eq(sentEmails.campaignId, campaignId)).orderBy(sentEmails.createdAt);
const mailboxRow = async (id: string) =>
  (await db().select().from(mailboxes).where(eq(mailboxes.id, id)))[0]!;
const arrivals = (messageId: string) => server.received.filter((m) => m.messageId === messageId).length;
const near = (a: Date | number, b: Date | number, ms = 3_000) => Math.abs(+a - +b) <= ms;

/** The email once its failed attempt put it back (queued, due later), the only one waiting. */
async function waitForRetry(id: string, attempts: number) {
  return until(
    `attempt ${attempts} of ${id} to fail and a retry to wait`,
    async () => {
      const [row] = await db().select().from(sentEmails).where(eq(sentEmails.id, id));
      if (row?.status !== "queued" || row.attempts !== attempts) return null;
      return (await queuedEmails()) === 1 ? { row, dueAt: row.sendAt! } : null;
    },
    { timeoutMs: 60_000 },
  );
}

describe("SMTP 421 at connect", () => {
  it("is retried after a backoff in the mailbox's next slot, never closer than its gap, within its daily limit, and delivered once when the server recovers", async () => {
    const gap = 2 * MINUTE;
    const { campaignId, mailbox } = await netCampaign({
      smtpPort: server.port,
      leads: 3,
      mailbox: { minGapMinutes: 2, maxGapMinutes: 2, dailyLimit: 2 },
    });
    sink.connect = "421 4.7.0 Try again later";
    const t0 = new Date();
    expect((await runCampaignTick(db(), t0)).queued).toBe(1); // a 2-minute gap: one per tick
    const [a] = await emailsOf(campaignId);
    const firstSlot = (await mailboxRow(mailbox.id)).nextSendAt!;
    expect(+firstSlot).toBe(+t0 + gap);

    // attempt 1 fails: the retry waits a backoff (1 minute) and for the mailbox's next slot (t0 + 2 min)
    const first = await waitForRetry(a!.id, 1);
    expect(first.row.error).toMatch(/421|Try again later|connection/i);
    expect(near(first.dueAt, firstSlot)).toBe(true);
    expect(+(await mailboxRow(mailbox.id)).nextSendAt!).toBe(+firstSlot + gap);
    expect(server.received).toHaveLength(0);
    expect(server.connections()).toBeGreaterThan(0);

    // the tick at t0 + 2 min plans nothing new for the mailbox: its next slot is the retry's
    expect((await runCampaignTick(db(), new Date(+t0 + gap))).queued).toBe(0);

    // attempt 2 (its minute is up) fails as well: 2 minutes' backoff, the mailbox's slot after that
    expect(await dueNow(a!.id)).toBe(1);
    const second = await waitForRetry(a!.id, 2);
    const secondSlot = new Date(+firstSlot + gap);
    expect(+second.dueAt).toBeGreaterThanOrEqual(Date.now() + 2 * MINUTE - 5_000);
    expect(near(second.dueAt, secondSlot)).toBe(true);
    expect(+(await mailboxRow(mailbox.id)).nextSendAt!).toBe(+secondSlot + gap);
    expect(server.received).toHaveLength(0);

    // the server recovers: attempt 3 delivers it, once
    sink.connect = "accept";
    expect(await dueNow(a!.id)).toBe(1);
    await until("the first email sent", async () => (await emailsOf(campaignId))[0]!.status === "sent", {
      timeoutMs: 30_000,
    });
    expect(arrivals(a!.messageId)).toBe(1);
    expect((await emailsOf(campaignId))[0]!.attempts).toBe(3);

    // the next lead's slot is a gap after the last retry; the one after that is over the daily limit (2)
    expect((await runCampaignTick(db(), new Date(+secondSlot - MINUTE))).queued).toBe(0);
    expect((await runCampaignTick(db(), new Date(+secondSlot + gap))).queued).toBe(1);
    const b = (await emailsOf(campaignId))[1]!;
    await until("the second email sent", async () => (await emailsOf(campaignId))[1]!.status === "sent", {
      timeoutMs: 30_000,
    });
    expect(arrivals(b.messageId)).toBe(1);
    expect((await runCampaignTick(db(), new Date(+secondSlot + 2 * gap))).queued).toBe(0);

    const rows = await emailsOf(campaignId);
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(server.received).toHaveLength(2);
    expect(new Set(server.received.map((m) => m.to[0])).size).toBe(2);
    expect(await queuedEmails()).toBe(0);
  });
});

describe("an SMTP server that never answers", () => {
  it("gives up the attempt after the greeting timeout (the worker's slot is freed), retries, and delivers once", async () => {
    // the timeouts every mailbox transport is made with: a hang is bounded by them
    const timeouts = smtpOptions({ host: "h", port: 25, security: "none", auth: { user: "u", pass: "p" } });
    expect(timeouts).toMatchObject({
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    });

    const { campaignId } = await netCampaign({ smtpPort: server.port, leads: 1 });
    sink.connect = "hang";
    const started = Date.now();
    expect((await runCampaignTick(db())).queued).toBe(1);
    const [a] = await emailsOf(campaignId);
    const retry = await waitForRetry(a!.id, 1);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(19_000);
    expect(took).toBeLessThan(45_000);
    expect(retry.row.error).toMatch(/greeting never received|time/i);
    // the hung attempt is over (its row back in the queue, due a backoff later), not holding a send slot
    expect(+retry.dueAt).toBeGreaterThanOrEqual(Date.now() + MINUTE - 10_000);

    sink.connect = "accept";
    expect(await dueNow(a!.id)).toBe(1);
    await until("sent", async () => (await emailsOf(campaignId))[0]!.status === "sent", {
      timeoutMs: 30_000,
    });
    expect(arrivals(a!.messageId)).toBe(1);
    expect(await queuedEmails()).toBe(0);
  });
});

describe("the connection closed after the message's final dot, before any reply", () => {
  it("may have been a send: never retried; the recovery sweep marks it unknown, and no second copy is ever transmitted", async () => {
    const { campaignId } = await netCampaign({ smtpPort: server.port, leads: 1 });
    sink.afterData = ["close"];
    expect((await runCampaignTick(db())).queued).toBe(1);
    const [a] = await emailsOf(campaignId);
    // the attempt ends with the row left `sending` for the sweep, and no retry waiting
    const left = await until(
      "the interrupted send to end",
      async () => {
        const [row] = await emailsOf(campaignId);
        return row?.status === "sending" && row.error && (await queuedEmails()) === 0 ? row : null;
      },
      { timeoutMs: 60_000 },
    );
    expect(left.error).toMatch(/^connection lost after the message was sent, before the server answered/);
    expect(left.attempts).toBe(1);
    // the whole message reached the server once, which may have queued it for delivery
    expect(server.refused.filter((m) => m.messageId === a!.messageId)).toHaveLength(1);

    // a custom server's Sent folder proves nothing: unknown, never sent again
    await recoverStuckSends(db(), { graceMs: 0 });
    const [decided] = await emailsOf(campaignId);
    expect(decided!.status).toBe("unknown");
    expect(await queuedEmails()).toBe(0);
    const transmitted = [...server.refused, ...server.received].filter((m) => m.messageId === a!.messageId);
    expect(transmitted).toHaveLength(1);
    expect(arrivals(a!.messageId)).toBe(0);
  });
});
