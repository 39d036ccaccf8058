import type { BounceReason, BounceType } from "@/lib/db/schema";
import { enhancedCodeIn, saysExpired, statusFromText } from "./smtp-status-table";

/** What a bounce notice says about one failed recipient, before it is read. */
export type BounceEvidence = {
  /** the DSN's Status field, when there is a DSN */
  dsnStatus: string | null;
  /** Diagnostic-Code, or the SMTP reply the notice quotes */
  diagnostic: string | null;
  /** the basic SMTP reply code the notice quotes (550, 452) */
  smtpCode: string | null;
  /** the DSN's Action is "delayed", or the notice says the failure is temporary */
  temporary: boolean;
  /** the DSN's Action is "failed": the sender has given up on this recipient */
  failed?: boolean;
  /** the notice's own words, read for the table when there is no diagnostic */
  context?: string | null;
};

export type BounceVerdict = { status: string | null; reason: BounceReason; type: BounceType };

/**
 * The status, reason and class of a bounce, from the most specific evidence: the DSN's Status
 * unless it is a generic X.0.0, then an enhanced code written in the diagnostic (`550 5.1.1 …`),
 * then the table of reply texts (smtp-status-table.ts), then whatever generic code there was.
 * The reason reads the words first (they say "blocked using Spamhaus" where the code says only
 * 5.7.1), then the code; a message the sender gave up on is "expired" whatever kept it waiting.
 */
export function describeBounce(e: BounceEvidence): BounceVerdict {
  const diagnostic = e.diagnostic ?? "";
  // the notice's words only when no server's reply was quoted: "This is a temporary error" around a
  // quoted "421 Try again later" says nothing about why
  const row = statusFromText(diagnostic) ?? (!diagnostic && e.context ? statusFromText(e.context) : null);
  const inDiagnostic = enhancedCodeIn(diagnostic);
  const specific = [e.dsnStatus, inDiagnostic].find((s) => s && !isGeneric(s)) ?? null;
  const cls =
    e.dsnStatus?.[0] ??
    inDiagnostic?.[0] ??
    (e.smtpCode ? e.smtpCode[0] : null) ??
    (e.temporary ? "4" : (row?.defaultClass ?? null));
  // the sender retried until it gave up (X.4.7, "retry timeout exceeded"): it bounced because it
  // expired, whatever temporary refusal (a full mailbox, greylisting) kept it waiting. A delay
  // warning's words ("could not be delivered for 4 hours") are no expiry: it is still trying.
  // Courier says neither: a recipient given up on while its server only ever answered "try
  // later" (a 4xx reply) can only have been given up on for time.
  const expired =
    /^\d\.4\.7$/.test(e.dsnStatus ?? "") ||
    (!!e.failed && /^4/.test(e.smtpCode ?? "")) ||
    (!e.temporary && (saysExpired(diagnostic) || (!!e.context && saysExpired(e.context))));
  const status =
    specific ??
    (expired ? `${cls ?? "4"}.4.7` : null) ??
    (row ? `${cls ?? row.defaultClass}.${row.code}` : (e.dsnStatus ?? inDiagnostic ?? null));
  const reason = expired ? "expired" : (row?.reason ?? reasonOfStatus(status));
  return { status, reason, type: bounceTypeOf(reason, status, e.temporary || cls === "4") };
}

const isGeneric = (status: string) => /^\d\.0\.0$/.test(status);

/**
 * The taxonomy. Temporary failures (4.x.x) are soft whatever the reason: the sender retries. A
 * permanent one is hard only when the address or its domain does not exist (suppress it); a
 * permanent refusal of *us* (policy, content, authentication) is a block: the lead is fine and
 * must not be suppressed, the sending mailbox and domain need attention. A full mailbox, a message
 * too large, an expired queue, a rate limit or the receiver's own trouble are soft even with a
 * 5.x.x code ("5.x.x = hard" is not how bounces work). An unreadable permanent failure is hard,
 * as it was before reasons existed.
 */
export function bounceTypeOf(reason: BounceReason, status: string | null, temporary = false): BounceType {
  const cls = status?.[0] ?? (temporary ? "4" : "5");
  if (cls !== "5") return "soft";
  switch (reason) {
    case "user_unknown":
    case "host_unknown":
    case "other":
      return "hard";
    case "policy_blocked":
    case "content_rejected":
    case "auth_failed":
      return "block";
    default:
      return "soft";
  }
}

/** The reason an enhanced code stands for when no words say more (RFC 3463, RFC 7372). */
export function reasonOfStatus(status: string | null): BounceReason {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status ?? "");
  if (!m) return "other";
  const [, cls, subject, detail] = m;
  const sd = `${subject}.${detail}`;
  if (["1.0", "1.1", "1.3", "1.6", "1.10"].includes(sd)) return "user_unknown";
  if (sd === "1.2" || sd === "4.4") return "host_unknown";
  if (sd === "2.1") return cls === "4" ? "rate_limited" : "user_unknown";
  if (sd === "2.2") return "mailbox_full";
  if (sd === "2.3" || sd === "3.4") return "message_too_large";
  if (sd === "4.7") return "expired";
  if (subject === "7") {
    const n = Number(detail);
    if (n >= 20 && n <= 26) return "auth_failed";
    return cls === "4" ? "rate_limited" : "policy_blocked";
  }
  if (subject === "6") return "content_rejected";
  if (subject === "3" || subject === "4" || subject === "5") return "system_error";
  return "other";
}
