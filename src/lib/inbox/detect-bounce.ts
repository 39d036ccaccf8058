import type { BounceInfo } from "@/lib/db/schema";
import { bounceFromDsn, parseDeliveryStatus } from "./parse-delivery-status";
import type { ParsedMessage } from "./parse-message";

const BOUNCE_SUBJECTS =
  /^\s*(undeliver(ed|able)\b|undelivered mail returned to sender|mail delivery (failed|failure)|delivery status notification \((failure|delay)\)|delivery (has )?failed|failure notice|returned mail\b|returned to sender|non[- ]?delivery|delivery failure|message not delivered|unzustellbar|non remis|non distribuable|no se puede entregar|não entregue|onbestelbaar|non recapitabile)/i;
const DAEMON_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
/** an SMTP reply as MTAs quote it: "550 5.1.1 …", "452-4.2.2 …" */
const SMTP_REPLY = /\b([45]\d\d)[ -]([45]\.\d{1,3}\.\d{1,3})\b[^\n]*/;
/** without an enhanced code, only where a server's answer is quoted, lest any number count */
const BARE_SMTP_REPLY = /(?:^|said:|returned|error:|response was:)\s*'?(([45]\d\d)[ -][^\n]*)/im;
const SOFT_WORDS =
  /\b(temporar(y|ily)|delayed|will (be )?retr(y|ied)|warning only|mailbox (is )?full|over quota)\b/i;

/**
 * A bounce: an RFC 3464 DSN (multipart/report; report-type=delivery-status), else a
 * non-standard notice recognised by its subject or a MAILER-DAEMON/postmaster sender, with
 * the recipient and SMTP code read from its text (qmail, Exchange's NDR text, exim …).
 */
export function detectBounce(msg: ParsedMessage): BounceInfo | null {
  const contentType = msg.headers["content-type"]?.toLowerCase() ?? "";
  const isReport = contentType.startsWith("multipart/report") && contentType.includes("delivery-status");
  if (msg.deliveryStatus && (isReport || DAEMON_SENDERS.test(msg.from?.email ?? ""))) {
    // a DSN of successful deliveries (Action: delivered) is no bounce
    return bounceFromDsn(parseDeliveryStatus(msg.deliveryStatus));
  }
  const looksLikeBounce =
    BOUNCE_SUBJECTS.test(msg.subject ?? "") || DAEMON_SENDERS.test(msg.from?.email ?? "");
  if (!looksLikeBounce) return null;
  return bounceFromText(msg.text ?? "", msg.to);
}

function bounceFromText(text: string, ours: string[]): BounceInfo {
  // the notice comes before any copy of the original, whose addresses must not be mistaken for it
  const notice =
    text.split(/^(-{2,}.*(below this line|original message|copy of)|Original message headers:)/im)[0] ?? "";
  const full = SMTP_REPLY.exec(notice);
  const bare = full ? null : BARE_SMTP_REPLY.exec(notice);
  const code = full?.[1] ?? bare?.[2] ?? null;
  const status = full?.[2] ?? null;
  const reply = full?.[0] ?? bare?.[1] ?? null;
  const hard = status ? status.startsWith("5") : code ? code.startsWith("5") : !SOFT_WORDS.test(notice);
  return {
    type: hard ? "hard" : "soft",
    recipient: failedRecipient(notice, ours),
    status,
    diagnostic: reply?.trim().replace(/'$/, "") || null,
  };
}

/** "<someone@example.com>:" (qmail, Postfix), else the first address of the notice that is not ours. */
function failedRecipient(notice: string, ours: string[]): string | null {
  const bracketed = /^\s*<([^<>\s@]+@[^<>\s]+)>:?/m.exec(notice)?.[1];
  if (bracketed) return bracketed.toLowerCase();
  const all = notice.match(/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi) ?? [];
  return all.map((a) => a.toLowerCase()).find((a) => !ours.includes(a)) ?? null;
}
