import { setTimeout as sleep } from "node:timers/promises";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb, getPool } from "@/lib/db/client";
import { closeMailboxTransports, poolLimits } from "@/lib/mailboxes/mailbox-transport-pool";
import { startWorker } from "@/lib/queue/run-worker";
import { sendCampaignEmail } from "@/lib/sending/sender";
import { loops } from "@/worker/handlers";
import { interleave, median, round2, thousands } from "../lib/measure";
import type { BenchContext, Scenario, ScenarioResult } from "../lib/scenario";
import { startSmtpSink } from "../lib/smtp-sink";
import {
  CONCURRENCY,
  countSent,
  cpuMs,
  floorMessage,
  MAILBOXES,
  queueEmails,
  type Setup,
  sendOptions,
  setUp,
} from "./send-data";

/** Run `fn` over the items, `concurrency` at a time. */
async function inParallel(items: string[], concurrency: number, fn: (item: string) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

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

/**
 * A real worker's send loop taking the queued rows: from making them due to the last email
 * recorded.
 */
async function queueRound(s: Setup, sink: Sink, n: number, tag: string) {
  const ids = await queueEmails(s, tag, n);
  const before = sink.stats.messages;
  const started = performance.now();
  await getPool().query("update sent_emails set send_at = now() where id = any($1)", [ids]);
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
          definitions: [],
          handlers: {},
          loops: { "campaign.send": loops["campaign.send"]! },
        })
      : undefined;
  try {
    const s = await setUp(sink.port);
    // warm up both sides (JIT, pools, prepared connections)
    await floorRound(s, sink, 50, true);
    await floorRound(s, sink, 50, false);
    if (worker) await queueRound(s, sink, 50, "warm");
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
        counted("ours", () => (worker ? queueRound(s, sink, n, `r${i}`) : directRound(s, sink, n, `r${i}`))),
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
        label: via === "direct" ? "sendCampaignEmail" : "worker (send loop)",
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

/**
 * Campaign sending (claim, render with tracking, DKIM, SMTP, record) against its floor: nodemailer
 * signing with the same DKIM key and sending a message of the same size to the same raw loopback
 * sink, at the same concurrency as the worker, over per-mailbox pools with the same limits (and,
 * in the notes, with a new connection per email as the first floor did).
 */
export const send: Scenario = {
  name: "send",
  description: "sendCampaignEmail (claim, render, tracking, DKIM, SMTP, record) vs nodemailer + DKIM",
  run: (ctx) => run(ctx, "direct"),
};

export const sendQueue: Scenario = {
  name: "send-queue",
  description: "a worker's send loop taking due emails vs nodemailer + DKIM",
  run: (ctx) => run(ctx, "queue"),
};
