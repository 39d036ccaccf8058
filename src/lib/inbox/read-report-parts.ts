/** The parts of a report that mailparser does not hand over as attachments. */
export type ReportParts = {
  /** the `message/feedback-report` part of an ARF complaint (RFC 5965), as text */
  feedbackReport: string | null;
  /** the header block of a returned original attached inline, as text */
  originalMessage: string | null;
};

const MAX_ORIGINAL_CHARS = 64_000;

/**
 * Complete what mailparser gave: the feedback report is an attachment like a DSN's part, but an
 * original attached *inline* (`Content-Disposition: inline`, as RFC 5965's own example, Yahoo's
 * and Microsoft's feedback loops do) is rendered into the text with only From, To, Subject and
 * Date: its Message-ID and X- headers, which link a complaint to our email, are lost. For such a
 * message the header block is read from the raw source. Only multipart mail without an original
 * among the attachments pays for this scan.
 */
export function readReportParts(
  raw: Buffer | string,
  mail: {
    contentType: string;
    attachments: { contentType: string; content: Buffer }[];
    originalMessage: string | null;
  },
): ReportParts {
  const feedbackReport =
    mail.attachments
      .find((a) => a.contentType.toLowerCase() === "message/feedback-report")
      ?.content.toString("utf8") ?? null;
  if (mail.originalMessage || !mail.contentType.toLowerCase().startsWith("multipart/")) {
    return { feedbackReport, originalMessage: mail.originalMessage };
  }
  return {
    feedbackReport,
    originalMessage: inlineOriginal(typeof raw === "string" ? raw : raw.toString("latin1")),
  };
}

/** The text after the part headers of the first message/rfc822 (or text/rfc822-headers) part. */
function inlineOriginal(raw: string): string | null {
  const m = /^content-type:[ \t]*(?:message\/(?:rfc822|global)|text\/rfc822-headers)\b/im.exec(raw);
  if (!m) return null;
  const lines = raw
    .slice(m.index, m.index + MAX_ORIGINAL_CHARS)
    .replace(/\r\n?/g, "\n")
    .split("\n");
  const blank = lines.findIndex((l) => l.trim() === "");
  if (blank < 0) return null;
  const original = lines.slice(blank + 1).join("\n");
  return /^[!-9;-~]+:/m.test(original) ? original : null;
}
