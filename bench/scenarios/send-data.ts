import { generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { SendMailOptions } from "nodemailer";
import { resetEnvCache } from "@/lib/config/env";
import { encryptSecret } from "@/lib/crypto";
import { getPool } from "@/lib/db/client";
import { renderCampaignEmail } from "@/lib/sending/render-email";
import { SEND_CONCURRENCY } from "@/lib/sending/send-loop";

/** The send scenarios' data: a campaign ready to send, queued emails, the floor's message, CPU use. */
export const MAILBOXES = 4;
export const CONCURRENCY = SEND_CONCURRENCY;
export const DOMAIN = "outreach.test";

export type Setup = Awaited<ReturnType<typeof setUp>>;

export async function setUp(port: number) {
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
export async function queueEmails(s: Setup, tag: string, n: number): Promise<string[]> {
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

export async function countSent(ids: string[]): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    "select count(*)::int as n from sent_emails where id = any($1) and status = 'sent'",
    [ids],
  );
  return rows[0]!.n;
}

/** The floor's message: what our renderer makes for one lead, sent as is (same size, same links). */
export function floorMessage(s: Setup) {
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

export function sendOptions(port: number) {
  return {
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    auth: { user: "sam", pass: "app-password" },
  };
}

/**
 * CPU time (ms) used so far by this process and by the PostgreSQL server (postmaster and its
 * children: backends, WAL writer, checkpointer): on a shared machine, CPU per email says where a
 * gap comes from better than wall time does.
 */
export async function cpuMs(): Promise<{ node: number; pg: number }> {
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
