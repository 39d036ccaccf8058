import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { resetEnvCache } from "@/lib/config/env";
import { encryptSecret } from "@/lib/crypto";
import { getDb, getPool } from "@/lib/db/client";
import { closeMailboxTransports, poolLimits } from "@/lib/mailboxes/mailbox-transport-pool";
import { campaignSend } from "@/lib/queue/jobs";
import { type RunningWorker, startWorker } from "@/lib/queue/run-worker";
import { renderCampaignEmail } from "@/lib/sending/render-email";
import { sendCampaignEmail } from "@/lib/sending/sender";
import { handlers } from "@/worker/handlers";
import { interleave, median, round2, thousands } from "../lib/measure";
import type { BenchContext, Scenario, ScenarioResult } from "../lib/scenario";
import { startSmtpSink } from "../lib/smtp-sink";

/**
 * Campaign sending (claim, render with tracking, DKIM, SMTP, record) against its floor: nodemailer
 * signing with the same DKIM key and sending a message of the same size to the same raw loopback
 * sink, at the same concurrency as the worker, over per-mailbox pools with the same limits (and,
 * in the notes, with a new connection per email as the first floor did).
 */
const MAILBOXES = 4;
const CONCURRENCY = campaignSend.concurrency ?? 16;
const DOMAIN = "outreach.test";

type Setup = Awaited<ReturnType<typeof setUp>>;

async function setUp(port: number) {
  process.env.ALLOWED_PRIVATE_HOSTS = "127.0.0.1";
  resetEnvCache();
  const pool = getPool();
  const ws = crypto.randomUUID();
  const campaign = crypto.randomUUID();
  const steps = [crypto.randomUUID(), crypto.randomUUID()];
  const variant = crypto.randomUUID();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const mailboxes = Array.from({ length: MAILBOXES }, (_, i) => ({
    id: crypto.randomUUID(),
    email: `sender${i}@${DOMAIN}`,
  }));
  await pool.query("insert into workspaces (id, name, slug) values ($1, 'Bench', $1)", [ws]);
  await pool.query(
    `insert into domains (id, workspace_id, name, dkim_selector, dkim_private_key_enc)
     values ($1, $2, $3, 'cf1', $4)`,
    [crypto.randomUUID(), ws, DOMAIN, encryptSecret(pem)],
  );
  for (const m of mailboxes) {
    await pool.query(
      `insert into mailboxes (id, workspace_id, email, from_name, smtp_host, smtp_port, smtp_security,
         smtp_user, smtp_password_enc, daily_limit, min_gap_minutes, max_gap_minutes)
       values ($1, $2, $3, 'Sam Sender', '127.0.0.1', $4, 'none', 'sam', $5, 100000, 0, 0)`,
      [m.id, ws, m.email, port, encryptSecret("app-password")],
    );
  }
  await pool.query(
    `insert into campaigns (id, workspace_id, name, status, track_opens, track_clicks)
     values ($1, $2, 'Bench', 'active', true, true)`,
    [campaign, ws],
  );
  await pool.query(
    `insert into campaign_steps (id, workspace_id, campaign_id, position, delay_minutes)
     values ($1, $3, $4, 1, 0), ($2, $3, $4, 2, 2880)`,
    [steps[0], steps[1], ws, campaign],
  );
  const body = {
    subject: "{Hi|Hello} {{firstName}}, a question about {{company}}",
    bodyHtml:
      "<p>Hi {{firstName}},</p><p>I noticed {{company}} is growing its {{industry}} team. We help teams " +
      "like yours book more meetings without adding headcount.</p>" +
      '<p>Here is <a href="https://coldframe.test/case-study?x=1&amp;y=2">a short case study</a> and ' +
      '<a href="https://coldframe.test/pricing">our pricing</a>.</p><p>Worth a chat next week?</p>' +
      '<p>Sam</p><p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
  };
  await pool.query(
    `insert into step_variants (id, workspace_id, step_id, label, subject, body_html)
     values ($1, $2, $3, 'A', $4, $5)`,
    [variant, ws, steps[0], body.subject, body.bodyHtml],
  );
  return { ws, campaign, step: steps[0]!, variant, mailboxes, pem, body };
}

/** N emails queued as the scheduler leaves them (lead `sending`, row `queued`): set-based SQL. */
async function queueEmails(s: Setup, tag: string, n: number): Promise<string[]> {
  const pool = getPool();
  const params = [tag, n, s.ws, s.campaign, s.mailboxes.map((m) => m.id), s.mailboxes.map((m) => m.email)];
  await pool.query(
    `insert into leads (id, workspace_id, email, first_name, company, custom_fields)
     select 'l-' || $1 || '-' || g, $3, 'lead' || g || '-' || $1 || '@client.test', 'Name' || g,
       'Company ' || g, '{"industry": "software"}'::jsonb
     from generate_series(1, $2::int) g`,
    params.slice(0, 3),
  );
  await pool.query(
    `insert into campaign_leads (id, workspace_id, campaign_id, lead_id, status, mailbox_id)
     select 'cl-' || $1 || '-' || g, $3, $4, 'l-' || $1 || '-' || g, 'sending',
       ($5::text[])[1 + g % cardinality($5::text[])]
     from generate_series(1, $2::int) g`,
    params.slice(0, 5),
  );
  const { rows } = await pool.query<{ id: string }>(
    `insert into sent_emails (id, workspace_id, campaign_id, campaign_lead_id, lead_id, step_id,
       variant_id, mailbox_id, status, message_id, from_email, to_email)
     select 'se-' || $1 || '-' || g, $3, $4, 'cl-' || $1 || '-' || g, 'l-' || $1 || '-' || g, $7, $8,
       ($5::text[])[1 + g % cardinality($5::text[])], 'queued', '<se-' || $1 || '-' || g || '@${DOMAIN}>',
       ($6::text[])[1 + g % cardinality($6::text[])], 'lead' || g || '-' || $1 || '@client.test'
     from generate_series(1, $2::int) g
     returning id`,
    [...params, s.step, s.variant],
  );
  return rows.map((r) => r.id);
}

async function inParallel(items: string[], concurrency: number, fn: (item: string) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function countSent(ids: string[]): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    "select count(*)::int as n from sent_emails where id = any($1) and status = 'sent'",
    [ids],
  );
  return rows[0]!.n;
}

/** The floor's message: what our renderer makes for one lead, sent as is (same size, same links). */
function floorMessage(s: Setup) {
  const r = renderCampaignEmail({
    campaign: { plainTextOnly: false, trackOpens: true, trackClicks: true },
    campaignLead: { threadSubject: null },
    lead: {
      id: "lead",
      workspaceId: s.ws,
      email: "lead@client.test",
      firstName: "Name",
      lastName: null,
      company: "Company",
      title: null,
      phone: null,
      website: null,
      customFields: { industry: "software" },
      status: "active",
      createdAt: new Date(),
      updatedAt: new Date(),
    },
    mailbox: { signatureHtml: "" },
    sent: { id: "floor", inReplyTo: null, stepId: s.step },
    variant: { subject: s.body.subject, bodyHtml: s.body.bodyHtml, bodyText: "" },
    trackingBase: "https://app.example.test",
  });
  return (i: number, from: string): SendMailOptions => ({
    from: { name: "Sam Sender", address: from },
    to: `floor${i}@client.test`,
    subject: r.subject,
    text: r.text,
    html: r.html,
    messageId: `<floor-${i}-${crypto.randomUUID()}@${DOMAIN}>`,
    headers: {
      "X-Campaign-ID": s.campaign,
      "X-Lead-ID": crypto.randomUUID(),
      "List-Unsubscribe": `<${r.unsubscribeUrl}>, <mailto:${from}?subject=unsubscribe>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    dkim: { domainName: DOMAIN, keySelector: "cf1", privateKey: s.pem },
  });
}

function sendOptions(port: number) {
  return {
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    auth: { user: "sam", pass: "app-password" },
  };
}

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

/**
 * CPU time (ms) used so far by this process and by the PostgreSQL server (postmaster and its
 * children: backends, WAL writer, checkpointer): on a shared machine, CPU per email says where a
 * gap comes from better than wall time does.
 */
async function cpuMs(): Promise<{ node: number; pg: number }> {
  const { rows } = await getPool().query<{ pid: number }>("select pg_backend_pid() as pid");
  const stat = (pid: number | string) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8");
      const parts = f.slice(f.lastIndexOf(")") + 2).split(" ");
      const own = Number(parts[11]) + Number(parts[12]);
      // a process's reaped children count in its cutime/cstime: backends that exited meanwhile
      return {
        ppid: Number(parts[1]),
        ticks: own,
        withChildren: own + Number(parts[13]) + Number(parts[14]),
      };
    } catch {
      return undefined;
    }
  };
  const postmaster = stat(rows[0]!.pid)?.ppid;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    const st = stat(pid);
    if (st && Number(pid) === postmaster) ticks += st.withChildren;
    else if (st && st.ppid === postmaster) ticks += st.ticks;
  }
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1000, pg: (ticks * 1000) / 100 };
}

/** The bare libraries: per-mailbox pools with our limits (pooled) or a connection per email. */
async function floorRound(s: Setup, sink: Sink, n: number, pooled: boolean): Promise<number> {
  const message = floorMessage(s);
  const limits = poolLimits("smtp");
  const pools: Transporter[] = pooled
    ? s.mailboxes.map(() =>
        nodemailer.createTransport({
          ...sendOptions(sink.port),
          pool: true,
          maxConnections: limits.maxConnections,
          maxMessages: limits.maxMessages,
        }),
      )
    : [];
  const before = sink.stats.messages;
  const items = Array.from({ length: n }, (_, i) => String(i));
  const started = performance.now();
  await inParallel(items, CONCURRENCY, async (item) => {
    const i = Number(item);
    const from = s.mailboxes[i % MAILBOXES]!.email;
    if (pooled) await pools[i % MAILBOXES]!.sendMail(message(i, from));
    else {
      const t = nodemailer.createTransport(sendOptions(sink.port));
      try {
        await t.sendMail(message(i, from));
      } finally {
        t.close();
      }
    }
  });
  const seconds = (performance.now() - started) / 1000;
  for (const p of pools) p.close();
  if (sink.stats.messages - before !== n)
    throw new Error(`floor: the sink got ${sink.stats.messages - before} of ${n}`);
  return n / seconds;
}

/** sendCampaignEmail per email, as many at once as the worker runs. */
async function directRound(s: Setup, sink: Sink, n: number, tag: string): Promise<number> {
  const ids = await queueEmails(s, tag, n);
  const before = sink.stats.messages;
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  await inParallel(ids, CONCURRENCY, async (id) => {
    const outcome = await sendCampaignEmail(getDb(), id);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  const seconds = (performance.now() - started) / 1000;
  if (outcomes.sent !== n || sink.stats.messages - before !== n)
    throw new Error(
      `direct: ${JSON.stringify(outcomes)}, the sink got ${sink.stats.messages - before} of ${n}`,
    );
  return n / seconds;
}

/** A real worker taking `campaign.send` jobs: from inserting the jobs to the last email recorded. */
async function queueRound(s: Setup, sink: Sink, worker: RunningWorker, n: number, tag: string) {
  const ids = await queueEmails(s, tag, n);
  const before = sink.stats.messages;
  const started = performance.now();
  await worker.boss.insert(
    campaignSend.name,
    ids.map((id) => ({ data: { sentEmailId: id }, singletonKey: id })),
  );
  // the sink's count first (no queries that would load the database under test), then the records
  let progress = { done: 0, at: performance.now() };
  const stuck = (what: string, done: number) => {
    if (done > progress.done) progress = { done, at: performance.now() };
    if (performance.now() - progress.at > 30_000) throw new Error(`queue: stuck at ${done} of ${n} ${what}`);
  };
  while (sink.stats.messages - before < n) {
    await sleep(10);
    stuck("received", sink.stats.messages - before);
  }
  progress = { done: 0, at: performance.now() };
  for (let done = await countSent(ids); done < n; done = await countSent(ids)) {
    await sleep(10);
    stuck("recorded", done);
  }
  const seconds = (performance.now() - started) / 1000;
  if (sink.stats.messages - before !== n)
    throw new Error(`queue: the sink got ${sink.stats.messages - before} of ${n}`);
  return n / seconds;
}

async function run(ctx: BenchContext, via: "direct" | "queue"): Promise<ScenarioResult> {
  const n = ctx.quick ? 200 : 2_000;
  const rounds = ctx.quick ? 1 : 3;
  const sink = await startSmtpSink();
  const worker =
    via === "queue"
      ? await startWorker({
          databaseUrl: ctx.databaseUrl,
          definitions: [campaignSend],
          handlers: { "campaign.send": handlers["campaign.send"] },
        })
      : undefined;
  try {
    const s = await setUp(sink.port);
    // warm up both sides (JIT, pools, prepared connections)
    await floorRound(s, sink, 50, true);
    await floorRound(s, sink, 50, false);
    if (worker) await queueRound(s, sink, worker, 50, "warm");
    else await directRound(s, sink, 50, "warm");

    const unpooled: number[] = [];
    const cpu = { ours: { node: 0, pg: 0 }, floor: { node: 0, pg: 0 } };
    const counted = async (side: keyof typeof cpu, fn: () => Promise<number>) => {
      const before = await cpuMs();
      const perSecond = await fn();
      const after = await cpuMs();
      cpu[side].node += (after.node - before.node) / n / rounds;
      cpu[side].pg += (after.pg - before.pg) / n / rounds;
      return perSecond;
    };
    const r = await interleave(
      rounds,
      async () => {
        unpooled.push(await floorRound(s, sink, n, false));
        return counted("floor", () => floorRound(s, sink, n, true));
      },
      (i) =>
        counted("ours", () =>
          worker ? queueRound(s, sink, worker, n, `r${i}`) : directRound(s, sink, n, `r${i}`),
        ),
    );
    const perEmail = (c: { node: number; pg: number }) =>
      `${round2(c.node + c.pg)} ms (Node ${round2(c.node)} + PostgreSQL ${round2(c.pg)})`;
    ctx.log(`CPU per email: ours ${perEmail(cpu.ours)}, pooled floor ${perEmail(cpu.floor)}`);
    const ours = round2(median(r.ours));
    const floor = round2(median(r.floor));
    const bare = round2(median(unpooled));
    const ratio = round2(ours / floor);
    ctx.log(
      `ours ${r.ours.map(Math.round).join(", ")}/s; pooled floor ${r.floor.map(Math.round).join(", ")}/s`,
    );
    return {
      name: via === "direct" ? "send" : "send-queue",
      scale: `${thousands(n)} emails × ${rounds} rounds, ${MAILBOXES} mailboxes, ${CONCURRENCY} at once`,
      ours: {
        label: via === "direct" ? "sendCampaignEmail" : "worker (campaign.send jobs)",
        perSecond: Math.round(ours),
      },
      floor: { label: "nodemailer + DKIM, pooled", perSecond: Math.round(floor) },
      ratioKind: "throughput",
      ratio,
      target: "≥ 0.7 of the floor",
      met: ratio >= 0.7,
      notes: [
        `floor with a new connection per email (the issue's first floor): ${Math.round(bare)}/s; ours is ${round2(ours / bare)} of it`,
        `CPU per email: ours ${perEmail(cpu.ours)}, pooled floor ${perEmail(cpu.floor)}`,
        "each email: render with open and click tracking, DKIM (RSA-2048), claim and record in PostgreSQL (fsync on), SMTP to a raw loopback sink",
      ],
    };
  } finally {
    await worker?.stop(10_000);
    await closeMailboxTransports();
    await sink.close();
  }
}

export const send: Scenario = {
  name: "send",
  description: "sendCampaignEmail (claim, render, tracking, DKIM, SMTP, record) vs nodemailer + DKIM",
  run: (ctx) => run(ctx, "direct"),
};

export const sendQueue: Scenario = {
  name: "send-queue",
  description: "a worker taking campaign.send jobs vs nodemailer + DKIM",
  run: (ctx) => run(ctx, "queue"),
};
