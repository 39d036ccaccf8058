import type { BounceInfo } from "@/lib/db/schema";
import { describeBounce } from "@/lib/sending/bounce-reason";
import { statusFromText } from "@/lib/sending/smtp-status-table";
import { bounceFromDsn, parseDeliveryStatus } from "./parse-delivery-status";
import { parseHeaderBlock } from "./parse-header-block";
import type { ParsedMessage } from "./parse-message";

/**
 * Subjects of non-delivery notices, at the start (a human forwarding one writes "Fw:" first):
 * Postfix, Exim, Sendmail, qmail ("failure notice"), OpenSMTPD ("Delivery status notification:
 * error"), Exchange / Microsoft 365 ("Undeliverable:"), Gmail, Yahoo, Amazon SES, Lotus/Domino
 * ("DELIVERY FAILURE:"), mailing-list managers ("… rejected"), and the usual translations.
 */
const BOUNCE_SUBJECTS = new RegExp(
  `^\\s*(${[
    "undeliver(ed|able)\\b",
    "undelivered mail",
    "returned mail\\b",
    "returned to sender",
    "return(ing)? message to sender",
    "mail delivery (failed|failure|problem|error|system)",
    "delivery (status )?notification\\s*(\\(?(failure|delay|failed|error)|:\\s*(error|failure|delay))",
    "delivery (has )?failed",
    "delivery failure",
    "delivery problem",
    "failed delivery",
    "failure notice",
    "non[- ]?delivery",
    "nondeliverable",
    "message (not delivered|could not be delivered|delivery failed|undeliverable|rejected|blocked)",
    "(could|can)( ?no|'?)t (be )?deliver",
    "delivery to the following recipients? failed",
    "(mail|message) (system )?error",
    "warning: (could not send|delayed mail|message .* delayed)",
    "(request to mailing list|your (message|post(ing)?) to) .{1,120}(rejected|could not be delivered|bounced)",
    "(message|post(ing)?) (distribution|posting)?\\s*(was )?rejected",
    "rejected:",
    "bounced? (mail|message|notification)",
    // German, French, Spanish, Portuguese, Dutch, Italian
    "unzustellbar",
    "nicht zustellbar",
    "zustellung fehlgeschlagen",
    "non remis",
    "non distribuable",
    "échec de (la )?(remise|distribution)",
    "no se puede entregar",
    "no entregado",
    "não entregue",
    "não foi possível entregar",
    "onbestelbaar",
    "niet afgeleverd",
    "non recapitabile",
    "mancato recapito",
  ].join("|")})`,
  "i",
);
/** Who sends non-delivery notices: the null sender's usual names */
const DAEMON_SENDERS =
  /^(mailer-daemon|mailer_daemon|postmaster|mail-daemon|mailerdaemon|mdaemon|mail\.daemon)(@|$)/i;
const DAEMON_NAMES =
  /^(mail delivery (subsystem|system|service)|mailer[- ]daemon|postmaster|mail administrator)$/i;
/**
 * Sentences of the notices' own templates — MTA source and provider documentation (see the
 * fixtures' headers) — grouped by what they say rather than copied per MTA, so a rewording passes.
 */
const NOTICE_PHRASES =
  /this is the (qmail-send program|mail system at|mailer-daemon|james mail server|mail delivery)|created automatically by mail delivery software|delivery status notification from|(permanent|temporary) fatal errors|transcript of session follows|(couldn'?t|could not|can ?not|can'?t|wasn'?t|was not|were not|has not been|did not|didn'?t) (be )?(deliver(ed)?|reach)\b|(unable|not able|failed) to deliver|delivery (has )?failed to|delivery to the following (recipients?|addresses?) (failed|was unsuccessful)|(following|these) (addresses|recipients?)( or groups)?\b.{0,40}(failed|could not|cannot|error)|not (been )?delivered to (the following|one or more)|an error (has )?occurred while (trying|attempting) to deliver|message (you sent|that you sent) (could not|couldn'?t|was not|wasn'?t)|undeliverable mail|given up on|i'?ve given up|not be delivered|(message|mail|post(ing)?|request)\b[^.\n]{0,60}\b(was|has been) (rejected|refused|blocked|bounced|returned)|could not be (distributed|delivered)|address not found|message not delivered|message blocked/i;
/** A permanent/temporary failure's words, for notices without a code */
const TEMPORARY_WORDS =
  /\b(temporar(y|ily)|delayed|will (be )?retr(y|ied)|will (continue|keep) trying|warning only|still trying|not yet been delivered|has been delayed|deferred)\b/i;
/** an SMTP reply as MTAs quote it: "550 5.1.1 …", "452-4.2.2 …" */
const SMTP_REPLY = /\b([45]\d\d)[ -]#?([45]\.\d{1,3}\.\d{1,3})\b[^\n]*/;
/** Mailing-list managers (Mailman, Sympa, ezmlm, LISTSERV, Majordomo) and their notices */
const LIST_MANAGER = /^[^@]*-(owner|bounces?|request|admin)@|^(sympa|mailman|ezmlm|listserv|majordomo)[@-]/i;
/** without an enhanced code, only where a server's answer is quoted, lest any number count */
const BARE_SMTP_REPLY =
  /(?:^|said:|returned|error:|response was:|<<<|reason:|\(reason:|\]:|host [^\s]+ said:)\s*'?\(?(([45]\d\d)(?:[ -]|:\s)[^\n]*)/im;
/** Where the notice ends and a copy of the original (or its headers) begins */
const COPY_START =
  /^[ \t]*(-{2,}.*(below this line|original message|copy of|unsent message|message follows|returned message|headers? follow)|original message headers:?|below is a copy of|\[original message|message headers follow|(received|return-path|message-id|x-campaign-id|dkim-signature|from|subject):\s)/im;
const ADDRESS = /[A-Z0-9._%+'=-]+@[A-Z0-9-]+(\.[A-Z0-9-]+)*\.[A-Z]{2,}/i;

/**
 * A bounce. An RFC 3464 DSN (multipart/report; report-type=delivery-status) is read from its
 * fields. Any other notice — qmail, Exim, Sendmail, OpenSMTPD, Courier, Apache James, Exchange,
 * Gmail, Yahoo, ESPs, list managers, mobile carriers — is recognised by the signals real
 * classifiers use, each alone enough when strong (a daemon sender, a non-delivery subject, an
 * X-Failed-Recipients or Exchange NDR header), else together (a notice's sentence, the null
 * Return-Path, Auto-Submitted, a quoted SMTP failure, a returned original's headers). Its
 * recipient, status and diagnostic are read from the notice's own text, never from the copy of
 * the original below it.
 */
export function detectBounce(msg: ParsedMessage): BounceInfo | null {
  const contentType = msg.headers["content-type"]?.toLowerCase() ?? "";
  const isReport = contentType.startsWith("multipart/report") && contentType.includes("delivery-status");
  const notice = noticeOf(msg.text ?? "");
  if (msg.deliveryStatus && (isReport || score(msg, notice) >= 3)) {
    const recipients = parseDeliveryStatus(msg.deliveryStatus).map((r, _, all) => ({
      ...r,
      diagnostic: r.diagnostic ?? diagnosticNear(notice, r.recipient, all.length === 1),
    }));
    // a DSN of successful deliveries (Action: delivered) is no bounce
    if (recipients.length) return bounceFromDsn(recipients, notice);
  }
  if (score(msg, notice) < 3) return null;
  return bounceFromText(msg, notice);
}

/** How strongly the message looks like a non-delivery notice; 3 is enough. */
function score(msg: ParsedMessage, notice: string): number {
  const h = msg.headers;
  const from = msg.from?.email ?? "";
  if (DAEMON_SENDERS.test(from) || DAEMON_NAMES.test(msg.from?.name?.trim() ?? "")) return 3;
  if (BOUNCE_SUBJECTS.test(msg.subject ?? "")) return 3;
  if (h["x-failed-recipients"] || h["x-ms-exchange-message-is-ndr"] !== undefined) return 3;
  // what the text says: a notice's sentence, a server's failure quoted
  let says = 0;
  if (NOTICE_PHRASES.test(notice)) says += 2;
  if (SMTP_REPLY.test(notice) || /\b5\d\d\b.{0,80}(user|mailbox|recipient|address)/i.test(notice)) says += 1;
  // how it came: from the null sender, automatically, returning a message. An out-of-office can
  // have all three, so they never make a bounce without the text saying so.
  if (!says) return 0;
  let came = 0;
  if (/^<>$|^<\s*>$/.test(h["return-path"]?.trim() ?? "")) came += 1;
  if (/^auto-(generated|replied)/i.test(h["auto-submitted"]?.trim() ?? "")) came += 1;
  if (msg.originalMessage) came += 1;
  return says + came;
}

/** The notice: the text before any copy of the original, whose addresses must not be mistaken for it. */
function noticeOf(text: string): string {
  const at = text.search(COPY_START);
  return (at > 0 ? text.slice(0, at) : text).slice(0, 20_000);
}

function bounceFromText(msg: ParsedMessage, notice: string): BounceInfo {
  const full = SMTP_REPLY.exec(notice);
  const bare = full ? null : BARE_SMTP_REPLY.exec(notice);
  const reply = full ? continued(notice, full.index, full[0]) : (bare?.[1] ?? null);
  const words = reply ? null : wordsLine(notice);
  const diagnostic = tidy(reply ?? words);
  const verdict = describeBounce({
    dsnStatus: null,
    diagnostic,
    smtpCode: full?.[1] ?? bare?.[2] ?? null,
    temporary: TEMPORARY_WORDS.test(notice) && !/\bpermanent(ly)?\b/i.test(notice),
    context: notice,
  });
  // a list refusing non-members (or their content) refuses the address, not our sender: no
  // mailbox to pause, and the list will not take our mail, so it counts as an address failure
  const fromList =
    LIST_MANAGER.test(msg.from?.email ?? "") ||
    /\bmailing[- ]?list\b|\blist (member|owner|moderator)/i.test(notice);
  const listRefusal = fromList && verdict.type === "block";
  return {
    type: listRefusal ? "hard" : verdict.type,
    reason: listRefusal ? "other" : verdict.reason,
    recipient: failedRecipient(msg, notice),
    status: verdict.status,
    diagnostic: diagnostic ? diagnostic.slice(0, 1000) : null,
  };
}

/**
 * A DSN without a Diagnostic-Code (OpenSMTPD's always; Exim's for a routing failure) says why in
 * its human-readable part, beside the recipient: the server's reply on the address's line
 * ("unknown@x: 550-5.1.1 …") or the MTA's words indented below it ("  x@y\n    Unrouteable
 * address"), up to the next blank line. A DSN about one recipient can be read from anywhere in the
 * notice; one about several only where the address is named.
 */
function diagnosticNear(notice: string, recipient: string | null, only: boolean): string | null {
  const at = recipient ? notice.toLowerCase().indexOf(recipient) : -1;
  if (at < 0 && !only) return null;
  const text = at < 0 ? notice : (notice.slice(at).split(/\n[ \t]*\n/)[0] ?? "");
  const full = SMTP_REPLY.exec(text);
  if (full) return tidy(continued(text, full.index, full[0]));
  const bare = BARE_SMTP_REPLY.exec(text);
  if (bare?.[1]) return tidy(bare[1]);
  // "jordan@no-such-host.test: Domain does not exist": the words, not the address they follow
  const words = wordsLine(text)?.replace(/^<?[^\s<>@]+@[^\s<>:]+>?:?\s*/, "");
  return tidy(words || null);
}

/**
 * A reply over several lines as one sentence: a multi-line SMTP reply ("550-5.1.1 The email …\n
 * 550-5.1.1 double-checking …"), or one an MTA wrapped onto indented lines (Postfix: "said: 554
 * 5.7.1\n    <x@y>: Relay access denied (in reply to RCPT TO\n    command)").
 */
function continued(notice: string, index: number, first: string): string {
  const code = first.slice(0, 3);
  const parts = [first];
  for (const line of notice.slice(index).split("\n").slice(1)) {
    const m = new RegExp(`^\\s*${code}[ -](?:#?\\d\\.\\d{1,3}\\.\\d{1,3}\\s+)?(.*)$`).exec(line);
    if (m) parts.push(m[1] ?? "");
    else if (/^[ \t]{2,}\S/.test(line) && !/^\s*(host|<?[^\s@]+@[^\s@]+>?\s*$)/i.test(line)) parts.push(line);
    else break;
  }
  return parts.join(" ").replace(/\s+/g, " ");
}

/** Without the quotes and brackets the notice wrapped the reply in ("'550 …'", "(reason: 550 …)"). */
function tidy(text: string | null): string | null {
  let t = text?.trim() ?? "";
  if (/^["']/.test(t)) t = t.slice(1);
  if (/["']$/.test(t)) t = t.slice(0, -1);
  if (t.endsWith(")") && !t.includes("(")) t = t.slice(0, -1);
  return t.trim() || null;
}

/** Without a quoted reply, the notice's line whose words the status table knows ("User unknown: kim@…"). */
function wordsLine(notice: string): string | null {
  for (const line of notice.split("\n")) {
    if (line.trim() && statusFromText(line)) return line.trim().slice(0, 500);
  }
  return null;
}

/**
 * The address that failed, most specific evidence first: X-Failed-Recipients (Exim); an address
 * heading its own line, bare or in brackets, with a colon (qmail, Postfix, OpenSMTPD, Courier) or
 * alone (Exim, Sendmail, Apache James); an address in a sentence about the failure ("Your message
 * to … couldn't be delivered", "wasn't delivered to …"); the returned original's To; else the
 * notice's first address that is not ours, a daemon's or a list manager's; for a list manager's
 * notice naming none, the list its owner address serves.
 */
function failedRecipient(msg: ParsedMessage, notice: string): string | null {
  const ours = new Set([...msg.to, msg.from?.email ?? ""].map((a) => a.toLowerCase()));
  const usable = (a: string | undefined | null) => {
    const v = a?.toLowerCase().replace(/^<|>$/g, "");
    return v && !ours.has(v) && !DAEMON_SENDERS.test(v) && !LIST_MANAGER.test(v) ? v : null;
  };
  const failed = msg.headers["x-failed-recipients"]?.match(new RegExp(ADDRESS, "gi"))?.[0];
  if (usable(failed)) return usable(failed);
  const patterns = [
    new RegExp(
      `^[ \\t]*<?(${ADDRESS.source})>?(?:\\.\\.\\.)?:?[ \\t]*(?:$|\\(|\\d{3}|host|said|\\.\\.\\.|user|mailbox|recipient|unknown|no such)`,
      "gim",
    ),
    new RegExp(
      `(?:message to|delivered to|deliver(?:ed|ing)? (?:your )?(?:message|mail|email) to|delivery to|recipient:?|to the following (?:address|recipient)(?:es|s)?(?:\\(es\\))?(?: or groups)?:?|rcpt to:?|failed recipients?(?:\\(s\\))?:?|original-recipient:|final-recipient:)\\s*(?:rfc822;\\s*)?["']?<?(${ADDRESS.source})`,
      "gi",
    ),
  ];
  for (const p of patterns) {
    for (const m of notice.matchAll(p)) if (usable(m[1])) return usable(m[1]);
  }
  if (msg.originalMessage) {
    const to = parseHeaderBlock(msg.originalMessage).to?.match(ADDRESS)?.[0];
    if (usable(to)) return usable(to);
  }
  for (const m of notice.matchAll(new RegExp(ADDRESS, "gi"))) if (usable(m[0])) return usable(m[0]);
  // a list manager's notice names only its owner address: "sales-owner@lists…" refuses for "sales@lists…"
  const owner = /^([^@]+)-(owner|bounces?|request|admin)(@.+)$/i.exec(msg.from?.email ?? "");
  return owner ? `${owner[1]}${owner[3]}`.toLowerCase() : null;
}
