import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "../../src/lib/db/client";
import { sessions, users } from "../../src/lib/db/schema";
import { defineJob } from "../../src/lib/queue/define-job";
import { enqueue, producer } from "../../src/lib/queue/enqueue";
import { jobs } from "../../src/lib/queue/jobs";
import { type RunningWorker, startWorker } from "../../src/lib/queue/run-worker";
import { handlers } from "../../src/worker/handlers";
import { until } from "../helpers/until";
import { jobsOf, pendingJobs } from "./helpers/net-jobs";
import { root } from "./helpers/run";

const url = () => process.env.DATABASE_URL!;
const running: RunningWorker[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop(5_000)));
});

// Test-only jobs exercise the queue mechanics; the app's own jobs are tested for what they do.
const runs: Record<string, number> = {};
const finalAttempts: Record<string, boolean[]> = {};
const echo = defineJob({
  name: "test.echo",
  payload: z.object({ n: z.number() }),
  retry: { limit: 3, delaySeconds: 0, backoff: false },
});
const flaky = defineJob({
  name: "test.flaky",
  payload: z.object({ key: z.string() }),
  retry: { limit: 1, delaySeconds: 0, backoff: false },
});
const slow = defineJob({
  name: "test.slow",
  payload: z.object({ ms: z.number() }),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
});
const batched = defineJob({
  name: "test.batched",
  payload: z.object({ n: z.number() }),
  retry: { limit: 0, delaySeconds: 0, backoff: false },
  concurrency: 6,
  batchSize: 3,
});
const inFlight = { now: 0, max: 0, done: 0 };
const testJobs = [echo, flaky, slow, batched] as const;
const testHandlers = {
  "test.echo": async ({ n }: { n: number }) => {
    runs[`echo-${n}`] = (runs[`echo-${n}`] ?? 0) + 1;
    return { doubled: n * 2 };
  },
  "test.flaky": async ({ key }: { key: string }, { finalAttempt }: { finalAttempt: boolean }) => {
    runs[key] = (runs[key] ?? 0) + 1;
    finalAttempts[key] = [...(finalAttempts[key] ?? []), finalAttempt];
    throw new Error("SMTP said 421, try later");
  },
  "test.batched": async () => {
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    await sleep(200);
    inFlight.now--;
    inFlight.done++;
  },
  "test.slow": async ({ ms }: { ms: number }) => {
    await sleep(ms);
    runs.slow = (runs.slow ?? 0) + 1;
    return { slept: ms };
  },
};
const startTestWorker = async () => {
  const w = await startWorker({
    databaseUrl: url(),
    definitions: testJobs,
    handlers: testHandlers,
    concurrency: 4,
  });
  running.push(w);
  return w;
};

describe("job queue (pg-boss on the app database)", () => {
  it("runs the app's cleanup job: expired sessions go, live ones stay; cron is scheduled", async () => {
    const db = getDb();
    const userId = crypto.randomUUID();
    await db.insert(users).values({ id: userId, name: "x", email: `${userId}@example.test` });
    const old = new Date(Date.now() - 1000);
    const later = new Date(Date.now() + 3600_000);
    await db.insert(sessions).values([
      { id: "s-old", token: "t-old", userId, expiresAt: old },
      { id: "s-live", token: "t-live", userId, expiresAt: later },
    ]);
    const w = await startWorker({ databaseUrl: url(), definitions: jobs, handlers });
    running.push(w);
    const schedules = await w.boss.getSchedules("maintenance.cleanup");
    expect(schedules.map((s) => s.cron)).toEqual(["*/15 * * * *"]);

    const id = await enqueue("maintenance.cleanup", {});
    const job = await until("the cleanup job completed", async () => {
      const j = await w.boss.getJobById<object>("maintenance.cleanup", id!);
      return j?.state === "completed" && j;
    });
    expect(job.output).toMatchObject({ sessions: 1 });
    const left = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
    expect(left.map((s) => s.id)).toEqual(["s-live"]);
  });

  it("rejects a bad payload when enqueuing, and dead-letters one that reaches the worker, without retry", async () => {
    await expect(enqueue("maintenance.cleanup", { extra: 1 } as never)).rejects.toThrow(/unrecognized key/i);
    const w = await startTestWorker();
    const boss = await producer();
    const id = await boss.send("test.echo", { n: "not a number" });
    const job = await until("the bad payload's job failed", async () => {
      const j = await w.boss.getJobById("test.echo", id!);
      return j?.state === "failed" && j;
    });
    expect(job.retryCount).toBe(0);
    expect(job.output).toMatchObject({ error: "invalid payload" });
  });

  it("retries a failing job by its policy, telling the handler its last attempt, then marks it failed with the error", async () => {
    const w = await startTestWorker();
    const boss = await producer();
    const id = await boss.send("test.flaky", { key: "flaky-1" });
    const job = await until("the flaky job failed", async () => {
      const j = await w.boss.getJobById("test.flaky", id!);
      return j?.state === "failed" && j;
    });
    expect(runs["flaky-1"]).toBe(2); // first attempt + retryLimit 1
    expect(finalAttempts["flaky-1"]).toEqual([false, true]);
    expect(job.output).toMatchObject({ error: "SMTP said 421, try later" });
  });

  it("two workers on one database run each job exactly once", async () => {
    await startTestWorker();
    await startTestWorker();
    const boss = await producer();
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, n) => boss.send("test.echo", { n: 1000 + n })),
    );
    await until(
      "40 echo runs",
      async () => Object.keys(runs).filter((k) => k.startsWith("echo-10")).length === 40,
    );
    // every job completed (a completed job never runs again) and none of the queue left to run
    await until("the 40 jobs completed", async () => {
      const rows = await jobsOf("test.echo");
      return ids.every((id) => rows.find((j) => j.id === id)?.state === "completed");
    });
    expect(await pendingJobs("test.echo")).toBe(0);
    for (let n = 0; n < 40; n++) expect(runs[`echo-${1000 + n}`]).toBe(1);
    expect(new Set(ids).size).toBe(40);
  });

  it("takes a backlog in batches: the job's concurrency at once, never more", async () => {
    const boss = await producer();
    await boss.createQueue("test.batched").catch(() => undefined);
    await boss.insert(
      "test.batched",
      Array.from({ length: 18 }, (_, n) => ({ data: { n } })),
    );
    await startTestWorker();
    await until("18 batched runs", async () => inFlight.done === 18);
    // 6 at once (two loops fetching 3 each), though the worker's default concurrency is 4
    expect(inFlight.max).toBe(6);
  });

  it("stop() finishes the job in flight before returning", async () => {
    const w = await startTestWorker();
    const boss = await producer();
    const id = await boss.send("test.slow", { ms: 1500 });
    await until(
      "the slow job active",
      async () => (await w.boss.getJobById("test.slow", id!))?.state === "active",
    );
    running.splice(running.indexOf(w), 1);
    await w.stop(10_000);
    expect(runs.slow).toBe(1);
    const job = await (await producer()).getJobById("test.slow", id!);
    expect(job?.state).toBe("completed");
  });

  it("the worker process shuts down cleanly on SIGTERM", async () => {
    // Node itself with tsx's loader: the `tsx` command would run the worker in a child process of
    // its own, which a SIGKILL of the wrapper (below, on a timeout) would leave running
    const child = spawn(path.join(root, "node_modules/.bin/node"), ["--import", "tsx", "src/worker.ts"], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on("exit", r));
    try {
      await until(
        "the worker ready",
        async () => out.includes('"msg":"worker ready"') || child.exitCode !== null,
        {
          timeoutMs: 30_000,
          detail: () => out.slice(-2000),
        },
      );
    } catch (err) {
      child.kill("SIGKILL"); // never leave a worker behind on a test database
      throw err;
    }
    expect(out, "the worker started").toContain('"msg":"worker ready"');
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("finishing jobs in flight");
    expect(out).toContain('"msg":"worker stopped"');
  });
});
