import { sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import { resetEnvCache } from "@/lib/config/env";
import { encryptSecret } from "@/lib/crypto";
import { getDb } from "@/lib/db/client";
import { syncMailbox } from "@/lib/inbox/sync";
import { producer, stopProducer } from "@/lib/queue/enqueue";
import { startMailServer } from "../../tests/integration/helpers/mail-server";
import { interleave, median, round2, thousands } from "../lib/measure";
import type { Scenario } from "../lib/scenario";
import { makeCampaignData } from "./campaign-data";
import { buildMix, MIX, type MixKind, type OurSend } from "./inbox-mix";

const PASSWORD = "bench-mail-password";
const MAILBOX_ID = "mb-0";

/**
 * A campaign mailbox's first sync into an empty workspace inbox: messages appended over IMAP into
 * a real Dovecot mailbox (the test servers' helper), a realistic mix of replies to our emails,
 * auto-replies, bounces and unrelated mail, each fetched, parsed, classified, linked, stored and
 * acted on (leads marked replied or bounced, events and webhook deliveries recorded). The floor
 * is the bare libraries: imapflow fetching the same messages and mailparser parsing each,
 * nothing stored. Interleaved rounds, median of each side.
 */
export const inboxSync: Scenario = {
  name: "inbox-sync",
  description: "a mailbox's first sync (fetch, parse, link, store, act) vs imapflow fetch + mailparser",
  async run(ctx) {
    const count = ctx.quick ? 200 : 2000;
    const rounds = ctx.quick ? 2 : 3;
    const db = getDb();
    const mail = await startMailServer(); // fails with how to install Postfix/Dovecot when missing
    // the IMAP server is on loopback: allowed, as an operator allows their own servers
    const allowed = process.env.ALLOWED_PRIVATE_HOSTS;
    process.env.ALLOWED_PRIVATE_HOSTS = "127.0.0.1";
    resetEnvCache();
    try {
      const { workspaceId } = await makeCampaignData(db, {
        mailboxes: 1,
        leads: count,
        campaigns: 2,
        steps: 1,
      });
      const address = "sender0@outreach.example";
      await mail.addUser(address, PASSWORD);
      await db.execute(sql`update mailboxes set imap_host = '127.0.0.1', imap_port = ${mail.imapPort},
        imap_security = 'none', imap_user = ${address}, imap_password_enc = ${encryptSecret(PASSWORD)}
        where id = ${MAILBOX_ID}`);
      // a CRM integration listening for replies: each reply also records a webhook delivery
      await db.execute(sql`insert into webhook_endpoints (id, workspace_id, url, secret_enc, event_types)
        values (${crypto.randomUUID()}, ${workspaceId}, 'https://hooks.example/coldframe',
          ${encryptSecret("whsec_bench")}, '{reply.received,lead.bounced}')`);
      await producer(); // pg-boss started before the clock runs, as in a running worker

      const { rows: sends } = await db.execute<OurSend>(sql`select message_id as "messageId",
        to_email as "toEmail", from_email as "fromEmail", subject from sent_emails order by id`);
      const mix = buildMix({ count, sends, mailbox: address, now: new Date() });
      await appendAll(mail.imapPort, address, mix);
      const kinds = Object.fromEntries(
        [...MIX.map(([k]) => k), "unrelated" as MixKind].map((k) => [
          k,
          mix.filter((m) => m.kind === k).length,
        ]),
      );
      ctx.log(`${thousands(count)} messages appended: ${JSON.stringify(kinds)}`);

      const r = await interleave(
        rounds,
        () => floorSync(mail.imapPort, address),
        async () => {
          await reset(workspaceId);
          const start = performance.now();
          const result = await syncMailbox(db, MAILBOX_ID);
          const ms = performance.now() - start;
          await check(workspaceId, result, count, kinds);
          return ms;
        },
      );
      const ours = median(r.ours);
      const floor = median(r.floor);
      const perSecond = (ms: number) => Math.round((count / ms) * 1000);
      const ratio = round2(perSecond(ours) / perSecond(floor));
      return {
        name: "inbox-sync",
        scale: `${thousands(count)} messages, first sync`,
        ours: { label: "syncMailbox", perSecond: perSecond(ours), wallMs: Math.round(ours) },
        floor: {
          label: "imapflow fetch + mailparser",
          perSecond: perSecond(floor),
          wallMs: Math.round(floor),
        },
        ratioKind: "throughput",
        ratio,
        target: "≥ 0.5 of the floor",
        met: ratio >= 0.5,
        notes: [
          `mix: ${JSON.stringify(kinds)}; one webhook endpoint subscribed to replies and bounces`,
          `rounds (ms) ours ${r.ours.map(Math.round).join(", ")}; floor ${r.floor.map(Math.round).join(", ")}`,
        ],
      };
    } finally {
      if (allowed === undefined) delete process.env.ALLOWED_PRIVATE_HOSTS;
      else process.env.ALLOWED_PRIVATE_HOSTS = allowed;
      resetEnvCache();
      await stopProducer();
      await mail.stop();
    }
  },
};

/** APPEND every message to the INBOX, a few dozen in flight at once (imapflow pipelines them). */
async function appendAll(port: number, user: string, mix: { raw: string; date: Date }[]) {
  const client = imap(port, user);
  await client.connect();
  try {
    for (let i = 0; i < mix.length; i += 50) {
      await Promise.all(mix.slice(i, i + 50).map((m) => client.append("INBOX", m.raw, [], m.date)));
    }
  } finally {
    await client.logout();
  }
}

/** The floor: the same messages fetched as the sync fetches them (the last 30 days), parsed, kept nowhere. */
async function floorSync(port: number, user: string): Promise<number> {
  const start = performance.now();
  const client = imap(port, user);
  await client.connect();
  const lock = await client.getMailboxLock("INBOX");
  try {
    const uids =
      (await client.search({ since: new Date(Date.now() - 30 * 86_400_000) }, { uid: true })) || [];
    for await (const m of client.fetch(
      uids.join(","),
      { uid: true, source: true, internalDate: true },
      { uid: true },
    )) {
      if (m.source) await simpleParser(m.source);
    }
  } finally {
    lock.release();
    await client.logout();
  }
  return performance.now() - start;
}

const imap = (port: number, user: string) =>
  new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: PASSWORD }, logger: false });

/** Back to an empty inbox and untouched leads, so every round is a first sync (not timed). */
async function reset(workspaceId: string) {
  const db = getDb();
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from inbox_messages where mailbox_id = ${MAILBOX_ID}`);
    await tx.execute(sql`delete from mailbox_folders where mailbox_id = ${MAILBOX_ID}`);
    await tx.execute(sql`delete from events where workspace_id = ${workspaceId}`);
    await tx.execute(sql`delete from email_events where workspace_id = ${workspaceId}`);
    await tx.execute(sql`delete from suppressions where workspace_id = ${workspaceId}`);
    await tx.execute(
      sql`update leads set status = 'active' where workspace_id = ${workspaceId} and status <> 'active'`,
    );
    await tx.execute(sql`update campaign_leads set status = 'queued', stopped_reason = null
      where workspace_id = ${workspaceId} and status <> 'queued'`);
    await tx.execute(sql`update sent_emails set status = 'sent', error = null
      where workspace_id = ${workspaceId} and status <> 'sent'`);
  });
  await db.execute(
    sql`vacuum analyze inbox_messages, campaign_leads, sent_emails, events, webhook_deliveries`,
  );
}

/** The sync did the whole job: every message stored, every reply and bounce acted on. */
async function check(
  workspaceId: string,
  result: Awaited<ReturnType<typeof syncMailbox>>,
  count: number,
  kinds: Record<string, number>,
) {
  const inbox = result.folders.find((f) => f.role === "inbox");
  if (inbox?.stored !== count) throw new Error(`inbox-sync stored ${inbox?.stored} of ${count} messages`);
  const { rows } = await getDb().execute<{ status: string; n: number }>(sql`
    select status, count(*)::int as n from campaign_leads where workspace_id = ${workspaceId} group by status`);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const replied = (kinds.reply ?? 0) + (kinds.reply_by_sender ?? 0);
  if ((by.replied ?? 0) !== replied || (by.bounced ?? 0) !== (kinds.bounce ?? 0))
    throw new Error(
      `inbox-sync effects: ${JSON.stringify(by)}, expected ${replied} replied, ${kinds.bounce} bounced`,
    );
}
