import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { stopProducer } from "../../src/lib/queue/enqueue";
import { recoverStuckSends } from "../../src/lib/sending/recover-stuck-sends";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { until } from "../helpers/until";
import { startRecordingSink } from "./helpers/recording-sink";
import { nothingLeftToSend, sinkCampaign, sinkTally } from "./helpers/recover-campaign";
import { startWorkerProcess, type WorkerProcess } from "./helpers/worker-process";

/**
 * `kill -9` of a worker in the middle of a campaign, with real processes: the worker (src/worker.ts)
 * sends over pooled SMTP connections to a recording sink, the test kills it while sends are in
 * flight, and another worker finishes. At the sink, every lead has each step exactly once — except
 * the emails the app marked `unknown` (interrupted after the message may have reached the server;
 * these mailboxes are custom servers, whose Sent folder proves nothing), which arrived at most once.
 *
 * To make the kill land mid-send without any timing, the sink answers nothing (hangs) to a few
 * messages after their final dot: when the worker dies they are exactly the window "the server has
 * the message, the app has no 250" — and the sink knows it got them (`refused`), so the test checks
 * those emails became `unknown` and were never sent again.
 *
 * KILL_WORKER_LEADS scales the campaign (default 500 leads, 2 steps: 1,000 emails).
 */
const LEADS = Number(process.env.KILL_WORKER_LEADS ?? 500);
const STEPS = 2;
const HANG_FROM = Math.floor(LEADS * 0.3);
const HANG_COUNT = 3;
// stuck rows are decided two seconds after their claim, not ten minutes
const workerEnv = { SEND_RECOVERY_GRACE_SECONDS: "2" };
const GRACE_MS = 2_000;

const workers: WorkerProcess[] = [];
const start = async () => {
  const w = await startWorkerProcess(workerEnv);
  workers.push(w);
  return w;
};
afterAll(async () => {
  for (const w of workers) await w.killHard();
  await stopProducer();
});

/** A sink that hangs on HANG_COUNT messages from the HANG_FROM-th on, until told the kill is done. */
async function hangingSink() {
  const state = { killed: false, hung: 0 };
  const sink = await startRecordingSink({
    afterData: (_message, index) => {
      if (state.killed || index < HANG_FROM || state.hung >= HANG_COUNT) return "accept";
      state.hung++;
      return "hang";
    },
  });
  return { sink, state };
}

/**
 * The tick (queueing what is due, completing the campaign) and the recovery sweep run by the
 * workers' schedules every minute; the test runs them itself while it waits, so it never waits a
 * minute. Both are safe next to the workers' own runs.
 */
async function driveUntil(what: string, done: () => boolean | Promise<boolean>, detail: () => string) {
  await until(
    what,
    async () => {
      await runCampaignTick(getDb());
      await recoverStuckSends(getDb(), { graceMs: GRACE_MS });
      return done();
    },
    { timeoutMs: 240_000, intervalMs: 250, detail },
  );
}

/** Every lead's steps were each sent exactly once, or are `unknown` and arrived at most once. */
async function expectEachStepOnce(campaignId: string, sink: Awaited<ReturnType<typeof startRecordingSink>>) {
  const tally = await sinkTally(campaignId, sink);
  expect(tally.strangers).toEqual([]);
  // one email per lead and step (the table's unique key), each in a final state
  expect(tally.rows).toHaveLength(LEADS * STEPS);
  expect(tally.rows.filter((r) => r.status !== "sent" && r.status !== "unknown")).toEqual([]);
  // sent: the sink answered 250 to it exactly once, and never saw it again
  expect(tally.rows.filter((r) => r.status === "sent" && (r.arrived !== 1 || r.unanswered !== 0))).toEqual(
    [],
  );
  // unknown: the sink got it at most once in any way (answered or not); it was never resent
  expect(tally.rows.filter((r) => r.status === "unknown" && r.arrived + r.unanswered > 1)).toEqual([]);
  // the messages the sink left unanswered are the interrupted window: unknown, and not sent again
  const hung = new Set(sink.refused.map((m) => m.messageId));
  expect(hung.size).toBe(HANG_COUNT);
  const hungRows = tally.rows.filter((r) => hung.has(r.messageId));
  expect(hungRows.map((r) => [r.status, r.arrived])).toEqual(Array(HANG_COUNT).fill(["unknown", 0]));
  // every lead went through all its steps (an unknown step counts as sent), so the campaign completed
  expect(tally.campaignLeads.filter((cl) => cl.status !== "completed")).toEqual([]);
  return tally;
}

describe("kill -9 of a worker mid-send", () => {
  it("one worker killed, a new one started: each lead gets each step exactly once (unknown ones at most once)", async () => {
    const { sink, state } = await hangingSink();
    try {
      const c = await sinkCampaign({ sinkPort: sink.port, leads: LEADS, steps: STEPS, mailboxes: 4 });
      const first = await start();
      await driveUntil(
        "the first worker mid-campaign, with messages left unanswered",
        () => sink.received.length >= HANG_FROM && state.hung >= HANG_COUNT,
        () => `received ${sink.received.length}, hung ${state.hung}\n${first.output().slice(-1500)}`,
      );
      await first.killHard();
      state.killed = true;
      const second = await start();
      await driveUntil(
        "the campaign finished by the second worker",
        () => nothingLeftToSend(c.campaignId),
        () => `received ${sink.received.length}\n${second.output().slice(-1500)}`,
      );
      const tally = await expectEachStepOnce(c.campaignId, sink);
      console.info(
        `kill-worker: ${tally.rows.filter((r) => r.status === "sent").length} sent, ` +
          `${tally.rows.filter((r) => r.status === "unknown").length} unknown`,
      );
      await second.stop();
    } finally {
      await sink.close();
    }
  });

  it("two workers, one killed: the other finishes, each lead gets each step exactly once (unknown ones at most once)", async () => {
    const { sink, state } = await hangingSink();
    try {
      const c = await sinkCampaign({ sinkPort: sink.port, leads: LEADS, steps: STEPS, mailboxes: 4 });
      const [a, b] = [await start(), await start()];
      await driveUntil(
        "both workers mid-campaign, with messages left unanswered",
        () => sink.received.length >= HANG_FROM && state.hung >= HANG_COUNT,
        () => `received ${sink.received.length}, hung ${state.hung}`,
      );
      await a!.killHard();
      state.killed = true;
      // the survivor's own unanswered messages: the connection drops after the final dot, the
      // server's answer never comes (those emails are left `sending` for the sweep, not retried)
      sink.dropHanging();
      await driveUntil(
        "the campaign finished by the surviving worker",
        () => nothingLeftToSend(c.campaignId),
        () => `received ${sink.received.length}\n${b!.output().slice(-1500)}`,
      );
      const tally = await expectEachStepOnce(c.campaignId, sink);
      console.info(
        `kill-worker (two workers): ${tally.rows.filter((r) => r.status === "sent").length} sent, ` +
          `${tally.rows.filter((r) => r.status === "unknown").length} unknown`,
      );
      await b!.stop();
    } finally {
      await sink.close();
    }
  });
});
