import { compile } from "html-to-text";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import { headerBlock } from "./header-block";
import { readReportParts } from "./read-report-parts";

/** The headers classification and linking read, lower-cased; the rest of a message's headers are not kept. */
const KEPT_HEADERS = [
  "auto-submitted",
  "x-autoreply",
  "x-autorespond",
  "x-auto-response-suppress",
  "precedence",
  "x-campaign-id",
  "x-lead-id",
  "list-id",
  "list-unsubscribe",
  "content-type",
  "return-path",
  // bounce signals: Exim names the failed addresses, Exchange marks its NDRs
  "x-failed-recipients",
  "x-ms-exchange-message-is-ndr",
] as const;

export type ParsedMessage = {
  messageId: string | null;
  inReplyTo: string | null;
  /** References, in header order (oldest first) */
  references: string[];
  from: { email: string; name: string | null } | null;
  to: string[];
  subject: string | null;
  date: Date | null;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
  /** the `message/delivery-status` part of a DSN, as text */
  deliveryStatus: string | null;
  /** the returned original of a DSN or complaint (`message/rfc822` or `text/rfc822-headers`), as text */
  originalMessage: string | null;
  /** the `message/feedback-report` part of a spam complaint (ARF, RFC 5965), as text */
  feedbackReport?: string | null;
};

/**
 * Parse a raw RFC 5322 message into the plain object the inbox works with. Pure apart from
 * mailparser: no database, so the CLI can classify a file as the sync would.
 */
export async function parseMessage(raw: Buffer | string): Promise<ParsedMessage> {
  const mail = await parse(typeof raw === "string" ? Buffer.from(raw) : raw);

  // raw lines, not mail.headers: mailparser folds List-* into one structured "list" entry
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    const name = key.toLowerCase();
    if (!(KEPT_HEADERS as readonly string[]).includes(name) || name in headers) continue;
    headers[name] = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
  }

  const attachment = (types: string[]) =>
    mail.attachments.find((a) => types.includes(a.contentType.toLowerCase()))?.content.toString("utf8") ??
    null;

  const report = readReportParts(raw, {
    contentType: headers["content-type"] ?? "",
    attachments: mail.attachments,
    originalMessage: attachment(["message/rfc822", "text/rfc822-headers", "message/global"]),
  });
  const sender = mail.from?.value[0];
  return {
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo?.trim().split(/\s+/)[0] || null,
    references: toIdList(mail.references),
    from: sender?.address ? { email: sender.address.toLowerCase(), name: sender.name || null } : null,
    to: addresses(mail.to),
    subject: mail.subject ?? null,
    date: mail.date ?? null,
    text: mail.text ?? null,
    html: typeof mail.html === "string" ? mail.html : null,
    headers,
    deliveryStatus: attachment(["message/delivery-status", "message/global-delivery-status"]),
    originalMessage: report.originalMessage,
    feedbackReport: report.feedbackReport,
  };
}

// keepDeliveryStatus: without it mailparser appends the DSN's machine-readable part to `text`
const FULL = { keepDeliveryStatus: true, skipImageLinks: true } as const;
/** mailparser's own limit for html-to-text (deeper markup is not converted: the text stays empty) */
const MAX_HTML_NESTING_DEPTH = 1000;
/** html-to-text as mailparser calls it, with its options compiled once instead of per message */
const htmlToText = compile({ limits: { maxDepth: MAX_HTML_NESTING_DEPTH } });

/**
 * simpleParser, with two costs it pays for nothing left out, the result unchanged. It renders
 * every text as HTML (`textAsHtml`, linkified and entity-encoded), which we never read; and for an
 * HTML-only message it converts the HTML to text with html-to-text, which compiles its options
 * anew on every call (~3 ms, ten times the conversion). A single-part message (most mail: replies,
 * auto-replies, notifications) skips the first, and an HTML one has its text converted here with
 * the options compiled once. Anything these shortcuts would change (the root turns out to be
 * multipart, HTML nested deep enough for mailparser's own limit, a conversion that fails) is
 * parsed again in full, so the result is always simpleParser's.
 */
async function parse(raw: Buffer): Promise<ParsedMail> {
  const root = rootType(raw);
  if (root !== "text/plain" && root !== "text/html") return simpleParser(raw, FULL);
  const html = root === "text/html";
  const mail = await simpleParser(raw, { ...FULL, skipTextToHtml: true, skipHtmlToText: html });
  // the root as mailparser read it (a repeated or odd Content-Type may read differently)
  const parsedRoot =
    (mail.headers.get("content-type") as { value?: string } | undefined)?.value ?? "text/plain";
  if (parsedRoot.toLowerCase() !== root) return simpleParser(raw, FULL);
  // skipTextToHtml only ever changes `html` when plain text is shown inside an HTML message
  if (!html) return typeof mail.html === "string" ? simpleParser(raw, FULL) : mail;
  if (typeof mail.html !== "string") return mail.text === undefined ? mail : simpleParser(raw, FULL);
  const text = mail.text === "" ? convert(mail.html) : null;
  return text === null ? simpleParser(raw, FULL) : Object.assign(mail, { text });
}

/**
 * The root part's media type as the header block gives it (no Content-Type is text/plain). A
 * guess that picks parse's options: parse checks it against what mailparser read.
 */
function rootType(raw: Buffer): string {
  const type = /^content-type:\s*([^;\s]+)/im.exec(headerBlock(raw).toString("latin1"))?.[1];
  return type?.toLowerCase() ?? "text/plain";
}

/** null where mailparser would not convert (too deep to try) or the conversion fails. */
function convert(html: string): string | null {
  // every level of nesting opens with a "<": with fewer, the depth limit cannot be reached
  let tags = 0;
  for (let i = html.indexOf("<"); i >= 0; i = html.indexOf("<", i + 1))
    if (++tags > MAX_HTML_NESTING_DEPTH) return null;
  try {
    return htmlToText(html);
  } catch {
    return null;
  }
}

/** mailparser gives References as a string or an array; either may hold several ids. */
function toIdList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return [value]
    .flat()
    .flatMap((v) => v.match(/<[^<>\s]+>/g) ?? [])
    .filter(Boolean);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((group) => group.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((a) => a.address?.toLowerCase())
    .filter((a): a is string => Boolean(a));
}
