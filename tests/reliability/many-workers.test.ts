import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "../../src/lib/db/client";
import { until } from "../helpers/until";
import { makeDue, makeSendingCampaign, queueFirstSteps, sendingState } from "./helpers/db-campaign";
import { startRecordingSink } from "./helpers/recording-sink";
import { startWorkerProcess, type WorkerProcess } from "./helpers/worker-process";

/**
 * The scale is 50,000 sends; on a 2-core machine (CI) that is about four minutes of CPU,
 * so the default is 10,000 and RELIABILITY_SENDS=50000 runs the full count.
 */
const SENDS = Number(process.env.RELIABILITY_SENDS ?? 10_000);
const WORKERS = 4;

let workers: WorkerProcess[] = [];
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

describe(`${SENDS.toLocaleString("en-US")} queued sends over ${WORKERS} worker processes`, () => {
  it("each email is delivered once (no duplicate Message-ID), every row recorded `sent`, none left queued; throughput printed", async () => {
    const sink = await startRecordingSink();
    try {
      // one after another: four tsx start-ups at once on two busy cores can outlast the ready wait
      for (let i = 0; i < WORKERS; i++)
        workers.push(await startWorkerProcess({}, { readyTimeoutMs: 180_000 }));
      const c = await makeSendingCampaign(getDb(), { smtpPort: sink.port, leads: 0, mailboxes: 8 });
      const ids = await queueFirstSteps(getDb(), c, SENDS);
      const started = performance.now();
      await makeDue(getDb(), ids);
      const detail = () => workers.map((w, i) => `worker ${i}: ${w.output().slice(-800)}`).join("\n");
      // progress, not a fixed wait: the sink's count must keep rising
      let last = { n: 0, at: Date.now() };
      await until(
        "every email at the sink",
        () => {
          const n = sink.received.length + sink.refused.length;
          if (n > last.n) last = { n, at: Date.now() };
          if (Date.now() - last.at > 60_000) throw new Error(`stuck at ${n} of ${SENDS}\n${detail()}`);
          return n >= SENDS;
        },
        { timeoutMs: 600_000, intervalMs: 200, detail },
      );
      const state = await until(
        "every email recorded",
        async () => {
          const s = await sendingState(getDb(), c.campaignId);
          return s.emails.sent === SENDS && s;
        },
        { timeoutMs: 120_000, intervalMs: 250, detail },
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${SENDS.toLocaleString("en-US")} sends over ${WORKERS} workers: ${Math.round(SENDS / seconds)}/s ` +
          `(${seconds.toFixed(1)} s from due to the last one recorded)`,
      );
      expect(state).toEqual({ emails: { sent: SENDS }, leads: { completed: SENDS } });
      expect(sink.refused).toEqual([]);
      const counts = sink.countsByMessageId();
      expect(counts.size).toBe(SENDS);
      expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      expect(counts.has("")).toBe(false);
      // the work was shared: every worker sent some
      for (const w of workers) expect(w.output()).toContain('"msg":"email sent"');
      for (const w of workers) expect(w.child.exitCode).toBeNull();
    } finally {
      await sink.close();
    }
  });
});
