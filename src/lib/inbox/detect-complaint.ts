import type { ComplaintInfo } from "@/lib/db/schema";
import { parseHeaderBlock } from "./parse-header-block";
import type { ParsedMessage } from "./parse-message";

/**
 * Senders of feedback-loop notices that are not (always) ARF: Microsoft's JMRP "RFC822
 * attachment" format comes from staff@hotmail.com; Amazon SES forwards the complaints it receives
 * (ARF or not) from complaints@[region.]email-abuse.amazonses.com; AOL's and Yahoo's feedback loops
 * (scomp@aol.net, feedback@arf.mail.yahoo.com) and most others send ARF.
 */
const FEEDBACK_LOOP_SENDERS =
  /^(staff@hotmail\.com|complaints@([a-z0-9-]+\.)?email-abuse\.amazonses\.com|scomp@aol\.net|[^@]+@arf\.mail\.yahoo\.com|[^@]*@fbl\.[^@]+|fbl@[^@]+|feedbackloop@[^@]+|feedback-loop@[^@]+)$/i;
/** Subjects of complaint notices (Microsoft's "complaint about message from 192.0.2.1", "Email Feedback Report for IP …", "Abuse Report") */
const COMPLAINT_SUBJECTS =
  /^\s*(complaint about message|(email |e-mail )?feedback (loop )?report|abuse report|spam (report|complaint)|fbl report|\[?fbl\]?\b|complaint notification|spam complaint)/i;
/** Local parts that send reports for a provider's abuse desk */
const ABUSE_SENDERS =
  /^(abuse|abuse-report|abuse-reports|complaints?|spam-?reports?|fbl|feedback|postmaster)@/i;
/** Feedback types that are no complaint: RFC 6650's "not-spam" and RFC 6591's DMARC failure reports */
const NOT_COMPLAINTS = new Set(["not-spam", "auth-failure"]);

export type ComplaintDetection = { complaint: ComplaintInfo } | { notComplaint: true } | null;

/**
 * A spam complaint: an ARF report (RFC 5965: multipart/report; report-type=feedback-report with a
 * message/feedback-report part; Yahoo, AOL, Comcast and Microsoft's newer JMRP), or a provider's
 * own notice recognised by its sender, or by a complaint subject from an abuse desk with the
 * original attached. A feedback report that is no complaint (not-spam, a DMARC auth-failure
 * report) is reported as such, so it is not read as anything else.
 */
export function detectComplaint(msg: ParsedMessage): ComplaintDetection {
  const contentType = msg.headers["content-type"]?.toLowerCase() ?? "";
  const isArf =
    contentType.startsWith("multipart/report") && /report-type="?feedback-report/.test(contentType);
  const report = msg.feedbackReport ? parseHeaderBlock(msg.feedbackReport) : null;
  const from = msg.from?.email ?? "";
  const known = FEEDBACK_LOOP_SENDERS.test(from);
  const byNotice =
    COMPLAINT_SUBJECTS.test(msg.subject ?? "") && (ABUSE_SENDERS.test(from) || Boolean(msg.originalMessage));
  if (!isArf && !report && !known && !byNotice) return null;

  const feedbackType = (report?.["feedback-type"] ?? "abuse").trim().toLowerCase();
  if (NOT_COMPLAINTS.has(feedbackType)) return { notComplaint: true };
  const original = msg.originalMessage ? parseHeaderBlock(msg.originalMessage) : {};
  return {
    complaint: {
      feedbackType,
      recipient:
        address(report?.["original-rcpt-to"]) ??
        address(report?.["removal-recipient"]) ??
        // Microsoft's JMRP names the complaining address in the forwarded copy
        address(original["x-hmxmroriginalrecipient"]) ??
        address(original.to),
      reporter:
        report?.["reporting-mta"]?.replace(/^[a-z-]+;\s*/i, "").trim() ||
        report?.["user-agent"]?.trim() ||
        from.split("@")[1] ||
        null,
      arrivalDate: report?.["arrival-date"]?.trim() || report?.["received-date"]?.trim() || null,
    },
  };
}

/** "<someone@example.com>" or "Name <someone@example.com>": the address, unless redacted away. */
function address(field: string | undefined): string | null {
  const m = /[^\s<>@"';,]+@[^\s<>@"';,]+\.[^\s<>@"';,]+/.exec(field ?? "");
  return m ? m[0].toLowerCase() : null;
}
