import { type AddressObject, simpleParser } from "mailparser";
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
  // keepDeliveryStatus: without it mailparser appends the DSN's machine-readable part to `text`
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipImageLinks: true });

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
