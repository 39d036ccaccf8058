/**
 * The mail a campaign mailbox receives, as raw RFC 5322 messages, for the inbox-sync scenario:
 * human replies quoting our emails (In-Reply-To/References, some by sender only), auto-replies,
 * hard bounces (a real DSN shape with the original attached), and unrelated mail (newsletters with
 * HTML, people's own threads, notifications). Deterministic for a given seed.
 */

export type OurSend = { messageId: string; toEmail: string; fromEmail: string; subject: string };
export type MixKind = "reply" | "reply_by_sender" | "auto_reply" | "bounce" | "unrelated";
export type MixMessage = { kind: MixKind; raw: string; date: Date };

/** The share of each kind, in order; the rest is unrelated mail. */
export const MIX: [MixKind, number][] = [
  ["reply", 0.3],
  ["reply_by_sender", 0.05],
  ["auto_reply", 0.1],
  ["bounce", 0.02],
];

const REPLIES = [
  "Yes, interested — can you send more details?",
  "Not interested, thanks.",
  "Let's book a call on Tuesday at 10:00.",
  "Thanks for reaching out. Could you tell me about pricing?",
  "I'm not the right person, try our ops team.",
  "Sounds good, what would the next step be?",
];

export function buildMix(opts: {
  count: number;
  sends: OurSend[];
  mailbox: string;
  now: Date;
}): MixMessage[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const out: MixMessage[] = [];
  let sendIndex = 0;
  const nextSend = () => opts.sends[sendIndex++ % opts.sends.length] as OurSend;
  for (let i = 0; i < opts.count; i++) {
    const date = new Date(opts.now.getTime() - (opts.count - i) * 60_000);
    let r = rand();
    let kind: MixKind = "unrelated";
    for (const [k, share] of MIX) {
      if (r < share) {
        kind = k;
        break;
      }
      r -= share;
    }
    const id = `<m${i}.${Math.floor(rand() * 1e9).toString(36)}@${kind === "unrelated" ? "mail.example" : "client.example"}>`;
    const send = kind === "unrelated" ? null : nextSend();
    const raw =
      kind === "reply"
        ? reply(send!, id, date, pick(REPLIES), true)
        : kind === "reply_by_sender"
          ? reply(send!, id, date, pick(REPLIES), false)
          : kind === "auto_reply"
            ? autoReply(send!, id, date)
            : kind === "bounce"
              ? bounce(send!, id, date, opts.mailbox)
              : unrelated(i, id, date, opts.mailbox, rand);
    out.push({ kind, raw, date });
  }
  return out;
}

const crlf = (lines: string[]) => `${lines.join("\r\n")}\r\n`;

function reply(s: OurSend, id: string, date: Date, text: string, threaded: boolean) {
  return crlf([
    `From: Lead <${s.toEmail}>`,
    `To: <${s.fromEmail}>`,
    `Subject: Re: ${s.subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${id}`,
    ...(threaded ? [`In-Reply-To: ${s.messageId}`, `References: ${s.messageId}`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    text,
    "",
    `On ${date.toUTCString()}, Sam Sender <${s.fromEmail}> wrote:`,
    "> Hi, I noticed your team is growing and thought this could help.",
    "> Would a 15 minute chat next week be worth it?",
    ">",
    "> Sam",
  ]);
}

function autoReply(s: OurSend, id: string, date: Date) {
  return crlf([
    `From: <${s.toEmail}>`,
    `To: <${s.fromEmail}>`,
    `Subject: Automatic reply: ${s.subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${id}`,
    `In-Reply-To: ${s.messageId}`,
    "Auto-Submitted: auto-replied",
    "X-Auto-Response-Suppress: All",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "I am out of the office until Monday with limited access to email.",
    "For urgent matters please contact office@client.example.",
  ]);
}

function bounce(s: OurSend, id: string, date: Date, mailbox: string) {
  const boundary = `dsn-${id.slice(1, 12)}`;
  return crlf([
    "From: Mail Delivery System <MAILER-DAEMON@outreach.example>",
    `To: <${mailbox}>`,
    "Subject: Undelivered Mail Returned to Sender",
    `Date: ${date.toUTCString()}`,
    `Message-ID: ${id}`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system. Your message could not be delivered to one or more recipients.",
    "",
    `<${s.toEmail}>: host mx.client.example said: 550 5.1.1 user unknown`,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; outreach.example",
    "",
    `Final-Recipient: rfc822; ${s.toEmail}`,
    "Action: failed",
    "Status: 5.1.1",
    "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
    "",
    `--${boundary}`,
    "Content-Type: message/rfc822",
    "",
    `From: Sam Sender <${s.fromEmail}>`,
    `To: <${s.toEmail}>`,
    `Subject: ${s.subject}`,
    `Message-ID: ${s.messageId}`,
    "",
    "Hi, I noticed your team is growing and thought this could help.",
    "",
    `--${boundary}--`,
  ]);
}

function unrelated(i: number, id: string, date: Date, mailbox: string, rand: () => number) {
  const head = [`To: <${mailbox}>`, `Date: ${date.toUTCString()}`, `Message-ID: ${id}`, "MIME-Version: 1.0"];
  const kind = i % 3;
  if (kind === 0) {
    // a newsletter: HTML and text alternatives, List-Unsubscribe
    const boundary = `alt-${i}`;
    const items = Array.from(
      { length: 12 },
      (_, k) =>
        `<tr><td><h2>Story ${k + 1}: what changed in week ${i % 52}</h2><p>${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4)}<a href="https://news.example/s/${i}/${k}">Read more</a></p></td></tr>`,
    ).join("\n");
    return crlf([
      "From: Weekly Digest <digest@news.example>",
      ...head,
      `Subject: Your weekly digest #${i}`,
      "List-Unsubscribe: <https://news.example/u/abc>, <mailto:unsub@news.example>",
      "List-Id: Weekly <weekly.news.example>",
      "Precedence: bulk",
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      `This week's stories, issue ${i}. ${"Lorem ipsum dolor sit amet. ".repeat(20)}`,
      "",
      `--${boundary}`,
      "Content-Type: text/html; charset=utf-8",
      "",
      `<html><body><table width="600" style="font-family:sans-serif">${items}</table><img src="https://news.example/p/${i}.gif" width="1" height="1"></body></html>`,
      "",
      `--${boundary}--`,
    ]);
  }
  if (kind === 1) {
    // a person's own thread, quoting an id we never sent
    return crlf([
      `From: Colleague ${i} <colleague${i % 40}@partner.example>`,
      ...head,
      `Subject: Re: planning for Q${(i % 4) + 1}`,
      `In-Reply-To: <thread-${i % 97}@partner.example>`,
      `References: <root-${i % 31}@partner.example> <thread-${i % 97}@partner.example>`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Sounds good, let's go with option ${Math.floor(rand() * 3) + 1}.`,
      "",
      "> Which option do you prefer for the rollout?",
    ]);
  }
  // a notification from a service
  return crlf([
    "From: Billing <no-reply@saas.example>",
    ...head,
    `Subject: Your invoice ${10_000 + i} is available`,
    "Auto-Submitted: auto-generated",
    "Content-Type: text/html; charset=utf-8",
    "",
    `<p>Hello,</p><p>Your invoice <b>${10_000 + i}</b> for ${Math.floor(rand() * 500)} EUR is available in your account.</p><p><a href="https://saas.example/i/${i}">View invoice</a></p>`,
  ]);
}
