import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { campaigns, sentEmails } from "../../src/lib/db/schema";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { runSchedulerTick } from "../../src/lib/sending/scheduler";
import { sendCampaignEmail } from "../../src/lib/sending/sender";
import { until } from "../helpers/until";
import { makeSendingCampaign, sendingState } from "./helpers/db-campaign";
import { type SunkMessage, startRecordingSink } from "./helpers/recording-sink";
import { startWorkerProcess } from "./helpers/worker-process";

/**
 * A database error at the worst moment: the SMTP server has the whole message and is about to say
 * 250. Every connection of the sender is killed (pg_terminate_backend, as a failover or an
 * operator would), and the email's row is locked so the record that follows the 250 waits on it
 * and is killed too. The email must still arrive once and end `sent`.
 */
const withName = (url: string, name: string) => {
  const u = new URL(url);
  u.searchParams.set("application_name", name);
  return u.toString();
};
const baseUrl = process.env.DATABASE_URL!;
// this process's pool (the in-process sender) under a name of its own, so it can be told apart
process.env.DATABASE_URL = withName(baseUrl, "faults-sender");

// the locker holds the row in an open transaction; the killer watches pg_stat_activity from
// outside it (inside a transaction the view is a snapshot taken at its first read)
let locker: pg.Client;
let killer: pg.Client;
beforeAll(async () => {
  locker = new pg.Client({ connectionString: withName(baseUrl, "faults-locker") });
  killer = new pg.Client({ connectionString: withName(baseUrl, "faults-killer") });
  await Promise.all([locker.connect(), killer.connect()]);
});
afterEach(async () => {
  await closeMailboxTransports();
  // each test's campaign alone is active, so one test's tick never queues another's leads
  await getDb().update(campaigns).set({ status: "paused" }).where(eq(campaigns.status, "active"));
});
afterAll(async () => {
  await Promise.all([locker.end(), killer.end()]);
});

/**
 * At the moment the sink has `message` and has not answered: lock its row, kill every connection
 * of `appName`; once the sink has said 250, wait for the sender's record to queue on the lock,
 * kill that backend too, and let go. Resolves with how many backends were killed.
 */
function killAroundAcceptance(appName: string) {
  let done: Promise<number> | undefined;
  const hook = async (message: SunkMessage) => {
    const { rows } = await killer.query<{ id: string }>("select id from sent_emails where message_id = $1", [
      message.messageId,
    ]);
    await locker.query("begin");
    await locker.query("select 1 from sent_emails where id = $1 for update", [rows[0]!.id]);
    const idle = await killer.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where datname = current_database() and application_name = $1`,
      [appName],
    );
    done = (async () => {
      try {
        const waiting = await until(
          "the record of the accepted email waiting on its row",
          async () =>
            (
              await killer.query<{ pid: number }>(
                `select pid from pg_stat_activity where datname = current_database()
               and application_name = $1 and wait_event_type = 'Lock'`,
                [appName],
              )
            ).rows[0],
          { intervalMs: 20 },
        );
        await killer.query("select pg_terminate_backend($1)", [waiting.pid]);
        return (idle.rowCount ?? 0) + 1;
      } finally {
        await locker.query("rollback");
      }
    })();
    return "accept";
  };
  return { hook, killed: () => done ?? Promise.reject(new Error("the fault never ran")) };
}

async function expectEachOnceAndSent(
  sink: Awaited<ReturnType<typeof startRecordingSink>>,
  campaignId: string,
  leads: number,
) {
  const counts = sink.countsByMessageId();
  expect(counts.size).toBe(leads);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(sink.refused).toEqual([]);
  const { emails, leads: leadStates } = await sendingState(getDb(), campaignId);
  expect({ emails, leadStates }).toEqual({ emails: { sent: leads }, leadStates: { completed: leads } });
  const sent = await getDb()
    .select({ messageId: sentEmails.messageId })
    .from(sentEmails)
    .where(eq(sentEmails.campaignId, campaignId));
  expect(new Set(sent.map((r) => r.messageId))).toEqual(new Set(counts.keys()));
}

describe("a database error after the SMTP server accepted", () => {
  it("in-process: the sender's connections and its record killed at acceptance; sent once, recorded `sent`", async () => {
    const fault = killAroundAcceptance("faults-sender");
    const sink = await startRecordingSink({ afterData: (m, i) => (i === 1 ? fault.hook(m) : "accept") });
    try {
      const c = await makeSendingCampaign(getDb(), { smtpPort: sink.port, leads: 3 });
      const { queued } = await runSchedulerTick(getDb(), new Date());
      expect(queued).toHaveLength(3);
      const outcomes = [];
      for (const q of queued) outcomes.push(await sendCampaignEmail(getDb(), q.id));
      expect(outcomes).toEqual(["sent", "sent", "sent"]);
      // its idle connections and the waiting record: at least two backends
      expect(await fault.killed()).toBeGreaterThanOrEqual(2);
      // a retry of the job (or a second worker) changes nothing
      for (const q of queued) expect(await sendCampaignEmail(getDb(), q.id)).toBe("skipped");
      await expectEachOnceAndSent(sink, c.campaignId, 3);
    } finally {
      await sink.close();
    }
  });

  it("a worker process: all its connections (pool and pg-boss) and its record killed at acceptance; it carries on, each email sent once, all `sent`", async () => {
    const leads = 20;
    const fault = killAroundAcceptance("faults-worker");
    const sink = await startRecordingSink({ afterData: (m, i) => (i === 5 ? fault.hook(m) : "accept") });
    const worker = await startWorkerProcess({ DATABASE_URL: withName(baseUrl, "faults-worker") });
    try {
      const c = await makeSendingCampaign(getDb(), { smtpPort: sink.port, leads });
      // the cron's tick, now rather than at the next minute (the worker's own may come first)
      await runCampaignTick(getDb(), new Date());
      const state = await until(
        "every email sent and recorded, none queued or being sent",
        async () => {
          const s = await sendingState(getDb(), c.campaignId);
          return s.emails.sent === leads && s;
        },
        { timeoutMs: 60_000, detail: () => worker.output().slice(-3000) },
      );
      expect(state.emails).toEqual({ sent: leads });
      expect(state.leads).toEqual({ completed: leads });
      expect(await fault.killed()).toBeGreaterThanOrEqual(2);
      // the record failed and was retried for the bookkeeping alone, not the send
      expect(worker.output()).toContain("email accepted; recording it failed, trying again");
      expect(worker.child.exitCode).toBeNull();
      await expectEachOnceAndSent(sink, c.campaignId, leads);
      // the worker still takes work on new connections: one more campaign goes out
      const d = await makeSendingCampaign(getDb(), { smtpPort: sink.port, leads: 2 });
      await runCampaignTick(getDb(), new Date());
      await until(
        "the next campaign sent",
        async () => (await sendingState(getDb(), d.campaignId)).emails.sent === 2,
        {
          timeoutMs: 30_000,
        },
      );
      expect(sink.received).toHaveLength(leads + 2);
      const rows = await getDb().execute<{ n: number }>(
        sql`select count(*)::int n from pg_stat_activity where application_name = 'faults-worker'`,
      );
      expect(rows.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await worker.stop();
      await sink.close();
    }
  });
});
