import type { BounceReason } from "@/lib/db/schema";

/**
 * From what a server said to what it meant: an RFC 3463 enhanced status code and our bounce
 * reason. Many servers answer `550 User unknown` with no enhanced code, and many DSNs say only
 * `5.0.0`; the words are the most specific evidence left. This table is the one place those words
 * are read.
 *
 * Sources: RFC 3463 (enhanced status codes: X.1.1 bad destination mailbox, X.1.2 bad destination
 * system, X.2.1 mailbox disabled, X.2.2 mailbox full, X.2.3 message length exceeds limit, X.3.4
 * message too big for system, X.4.1 no answer from host, X.4.6 routing loop, X.4.7 delivery time
 * expired, X.7.1 delivery not authorized / refused); RFC 7372 (X.7.20–X.7.26: DKIM, SPF and
 * multiple authentication failures, 5.7.26 as Gmail and Yahoo use it for DMARC); RFC 5248 (the
 * IANA registry); the reply texts documented by Gmail ("SMTP error reference": 4.2.1 receiving
 * at a rate, 4.7.0 / 4.7.28 rate limits, 5.7.26 unauthenticated), Microsoft 365 ("NDRs in
 * Exchange Online": 5.1.10 RecipientNotFound, 5.7.606–5.7.750 banned IP, 5.7.509 DMARC) and the
 * phrases of Postfix, Exim, Sendmail and qmail's own rejections. Microsoft's Directory Based Edge
 * Blocking answers "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)" for a
 * recipient that does not exist: an unknown user, whatever "access denied" suggests.
 *
 * Order matters, first match wins: a blocklist named in the reply ("blocked using Spamhaus")
 * outranks the generic words around it ("service unavailable"), and the words for an unknown
 * user outrank the generic "access denied" that some servers append to them. Postfix's
 * "Recipient address rejected:" is only a prefix (its restriction says why after it), so it
 * means nothing here by itself.
 */
export const STATUS_TABLE: readonly {
  pattern: RegExp;
  /** subject.detail of the enhanced code; the class (2/4/5) comes from the reply itself */
  code: string;
  /** the class when nothing else says whether it is permanent */
  defaultClass: "4" | "5";
  reason: BounceReason;
}[] = [
  // authentication (RFC 7372)
  {
    pattern: /\bdmarc\b|unauthenticated (email|mail|message)|not pass authentication/i,
    code: "7.26",
    defaultClass: "5",
    reason: "auth_failed",
  },
  { pattern: /\bspf\b|sender policy framework/i, code: "7.23", defaultClass: "5", reason: "auth_failed" },
  { pattern: /\bdkim\b|domainkeys/i, code: "7.20", defaultClass: "5", reason: "auth_failed" },
  {
    pattern: /reverse dns|\bptr record|\brdns\b|no reverse|hostname (does not|doesn't) match/i,
    code: "7.25",
    defaultClass: "5",
    reason: "auth_failed",
  },
  // the receiver blocks us: blocklists, reputation, bans (RFC 3463 X.7.1; Microsoft 5.7.606–5.7.750)
  {
    pattern:
      /\b(block|black|deny|ban)[ -]?list(ed)?\b|\blisted (at|in|on|by)\b|\brbl\b|\bdnsbl\b|spamhaus|spamcop|barracuda|sorbs|blocked using|poor reputation|(bad|low|sender|ip) reputation|banned sending ip|\bbanned\b/i,
    code: "7.1",
    defaultClass: "5",
    reason: "policy_blocked",
  },
  // the address does not exist (X.1.1), or no longer does (X.2.1 disabled)
  {
    pattern:
      /\b(user|mailbox|recipient|address|account|addressee)( name)? (is )?(unknown|not found|invalid|does not exist|doesn'?t exist|not exist|unavailable|not available|no longer (exists|valid|available))|\bunknown (user|recipient|mailbox|local[- ]part|address|alias)|\bno such (user|mailbox|recipient|address|account|person|local user)|\binvalid (recipient|mailbox|address|user)|address not found|\bAS\(201806281\)|(wasn'?t|was not|not) found at\b|recipientnotfound|no mailbox here|not a valid (mailbox|recipient|user|address)|(mailbox|user|recipient) (is )?not (found|known|listed)|\bundeliverable address|not our customer|bad destination mailbox|(does not|doesn'?t) have an? ([\w.-]+ )?(account|mailbox)|address (is )?(invalid|unknown)|\bno such (e-?mail )?address|(not an? (valid|known)|invalid|unknown) (mobile )?(subscriber|phone number|number)|(account|address|mailbox) (that )?you tried to reach (does not|doesn'?t) exist/i,
    code: "1.1",
    defaultClass: "5",
    reason: "user_unknown",
  },
  {
    pattern:
      /\b(account|mailbox|user|address) (has been |is )?(disabled|deactivated|suspended|inactive|closed|expired|locked|blocked)\b/i,
    code: "2.1",
    defaultClass: "5",
    reason: "user_unknown",
  },
  // the domain does not exist or has no mail server (X.1.2)
  {
    pattern:
      /\b(host|domain)( name)? (not found|unknown|does not exist|doesn'?t exist|lookup failed|not resolvable)|\bunknown (host|domain)|\bno such (host|domain)|\bhost or domain name not found|domain name not found|unrouteable (mail )?(domain|address)|non-?existent (host|domain)s?|name or service not known|\bnxdomain\b|\bno mx\b|no (valid )?mx record|mx lookup|could not be resolved|bad destination system|\bdns error\b/i,
    code: "1.2",
    defaultClass: "5",
    reason: "host_unknown",
  },
  // rate limits (Gmail 4.2.1 "receiving mail at a rate", 4.7.0 / 4.7.28; greylisting)
  {
    pattern: /receiving mail (at a rate|too quickly|faster)|is receiving (too much|too many)/i,
    code: "2.1",
    defaultClass: "4",
    reason: "rate_limited",
  },
  {
    pattern:
      /\brate[- ]?limit|too many (messages|connections|recipients|emails|mails|concurrent)|\bthrottl|sending (rate|volume)|unusual rate|\bgr[ae]ylist|temporarily (deferred|rate)|try (again )?later.{0,40}(volume|rate|limit)|exceeded (the )?(daily|hourly|sending) (limit|quota)/i,
    code: "7.0",
    defaultClass: "4",
    reason: "rate_limited",
  },
  // the mailbox is full (X.2.2): over quota
  {
    pattern:
      /mailbox (is )?(full|over quota)|\bquota (exceeded|exceed|full)|over (the |their |his |her )?(allowed |storage |mailbox |disk )*(quota|limit)|exceeded (his|her|their|the)? ?(storage|mailbox|disk)? ?(quota|allocation)|(storage|disk) (space|quota) (exceeded|full)|(insufficient|out of|not enough) storage|mailbox size limit|mail ?box has exceeded|inbox is full|user is over/i,
    code: "2.2",
    defaultClass: "5",
    reason: "mailbox_full",
  },
  // our message is too large (X.3.4; X.2.3 for the mailbox's own limit)
  {
    pattern:
      /message (is )?too (large|big)|(messages?|mails?) (larger|bigger) than|\bmessage size (exceeds|limit)|exceeds (the )?(maximum|max|message|size)[^\n]{0,20}(size|limit)|size limit exceeded|message length exceeds|too large for|\bmessage (is )?(oversized|over size)/i,
    code: "3.4",
    defaultClass: "5",
    reason: "message_too_large",
  },
  // it waited in a queue until the sender gave up (X.4.7)
  {
    pattern:
      /\b(delivery time|message|retry time(out)?) (has )?(expired|exceeded)|retry timeout exceeded|\bexpired\b|too long in (the )?queue|in (the )?queue (for )?too long|could not be delivered (within|for) \d|gave up after|giving up on|maximum time|has been delayed for/i,
    code: "4.7",
    defaultClass: "4",
    reason: "expired",
  },
  // its content is refused: spam, viruses, attachments (X.7.1 / X.6.x)
  {
    pattern:
      /\bspam\b|\bjunk\b|\bvirus\b|\bmalware\b|\bphish|content (rejected|refused|filter|policy)|(rejected|blocked|refused) (due to|because of|for) (its )?content|message (content )?(was )?(rejected|refused|blocked) (as|by) (spam|content)|(suspicious|prohibited|unacceptable|objectionable) (content|attachment|link|url)|bulk mail|\bufe\b|unsolicited/i,
    code: "7.1",
    defaultClass: "5",
    reason: "content_rejected",
  },
  // the receiver refuses us for another policy: relaying, access (X.7.1)
  {
    pattern:
      /\baccess denied|\brelay(ing)? (denied|not (permitted|allowed))|not permitted to relay|\bnot allowed\b|\bblocked\b|\brefused\b|\bprohibited\b|\bdenied\b|administrative prohibition|policy (violation|reasons|rejection)|rejected (by|for) (the )?(recipient|policy)|do(es)? not accept (mail|messages|email)|sender (address )?rejected|not authori[sz]ed/i,
    code: "7.1",
    defaultClass: "5",
    reason: "policy_blocked",
  },
  // the route: loops, unreachable hosts (X.4.6, X.4.1)
  {
    pattern: /mail (forwarding )?loop|loops? (back|detected)|too many hops|hop count exceeded|routing loop/i,
    code: "4.6",
    defaultClass: "5",
    reason: "system_error",
  },
  {
    pattern:
      /connection (timed out|refused|reset|dropped|lost)|no route to host|network is unreachable|could not connect|unable to connect|host (is )?unreachable|no answer from/i,
    code: "4.1",
    defaultClass: "4",
    reason: "system_error",
  },
  // the receiving system's own trouble (X.3.x)
  {
    pattern:
      /\b(local|internal|system|server|temporary) (error|failure|problem)|service (not available|unavailable|temporarily unavailable)|insufficient system (storage|resources)|system (not accepting|busy|overloaded)|resources? (temporarily )?unavailable|\bmisconfigur/i,
    code: "3.0",
    defaultClass: "4",
    reason: "system_error",
  },
];

/**
 * The sender gave up: the message waited in its queue, retried, and expired (RFC 3463 X.4.7).
 * Exim: "retry timeout exceeded"; Sendmail: "Message could not be delivered for 5 days";
 * OpenSMTPD: "Envelope expired"; Postfix: "delivery time expired"; qmail: "I'm not going to try again".
 * The last temporary refusal quoted beside it (a full mailbox, greylisting) is why it was deferred,
 * not why it bounced.
 */
const EXPIRY =
  /\bretry time(out)? (has been |was )?exceeded|\bdelivery time (has )?expired|\benvelope expired|\b(message|mail) (has )?expired|could not be delivered (for|within) (\d|the (allowed|maximum))|\btoo long in (the )?queue|\bin (the )?queue (for )?too long|i'?m not going to try again|\bgiving up on it|\bgave up (on it )?after/i;

export function saysExpired(text: string): boolean {
  return EXPIRY.test(text);
}

/**
 * An enhanced status code written in a text: "550 5.1.1 …", "550-5.1.1", "#5.1.1", "(5.1.1)".
 * Not part of an IP address or version (no digit or dot before it); subjects are 0–7 (RFC 3463).
 */
export function enhancedCodeIn(text: string): string | null {
  return /(?<![\d.])([245]\.[0-7]\.\d{1,3})(?![\d.]*\d)/.exec(text)?.[1] ?? null;
}

/** The first row of the table whose words the text contains. */
export function statusFromText(text: string): (typeof STATUS_TABLE)[number] | null {
  return STATUS_TABLE.find((row) => row.pattern.test(text)) ?? null;
}
