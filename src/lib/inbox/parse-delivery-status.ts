import type { BounceInfo } from "@/lib/db/schema";
import { describeBounce } from "@/lib/sending/bounce-reason";
import { parseHeaderBlocks } from "./parse-header-block";

export type DsnRecipient = {
  recipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
};

/**
 * The per-recipient fields of an RFC 3464 `message/delivery-status` part. The first block is about
 * the message (Reporting-MTA, Arrival-Date), each following one about a recipient.
 */
export function parseDeliveryStatus(text: string): DsnRecipient[] {
  return parseHeaderBlocks(text)
    .filter((f) => f["final-recipient"] || f["original-recipient"] || f.status || f.action)
    .map((f) => ({
      // "rfc822; someone@example.com": the address type comes first
      recipient: address(f["final-recipient"]) ?? address(f["original-recipient"]),
      action: f.action?.toLowerCase() ?? null,
      status: /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec(f.status ?? "")?.[0] ?? null,
      diagnostic: diagnostic(f["diagnostic-code"]),
    }));
}

/**
 * The bounce a DSN reports: the first failed recipient (a permanent failure wins over a delay).
 * "delivered", "relayed" and "expanded" are not failures. Its status, reason and class come from
 * the most specific evidence (describeBounce): a DSN saying only 5.0.0 often quotes the real code.
 */
export function bounceFromDsn(recipients: DsnRecipient[], context?: string | null): BounceInfo | null {
  const failed = recipients.filter(
    (r) => r.action === "failed" || r.action === "delayed" || /^[45]\./.test(r.status ?? ""),
  );
  const read = failed.map((r) => ({
    r,
    verdict: describeBounce({
      dsnStatus: r.status,
      diagnostic: r.diagnostic,
      smtpCode: /^\s*([45]\d\d)\b/.exec(r.diagnostic ?? "")?.[1] ?? null,
      temporary: r.action === "delayed",
      failed: r.action === "failed",
      context,
    }),
  }));
  const pick = read.find((t) => t.verdict.type === "hard") ?? read[0];
  if (!pick) return null;
  return {
    type: pick.verdict.type,
    reason: pick.verdict.reason,
    recipient: pick.r.recipient,
    status: pick.verdict.status,
    diagnostic: pick.r.diagnostic,
  };
}

/** "smtp; 550-5.1.1 The email … 550-5.1.1 double-checking …": drop the type and the repeated codes of a multi-line reply. */
function diagnostic(field: string | undefined): string | null {
  if (!field) return null;
  return field.replace(/^[a-z-]+;\s*/i, "").replace(/\s\d{3}[ -]\d\.\d{1,3}\.\d{1,3}\s/g, " ") || null;
}

function address(field: string | undefined): string | null {
  if (!field) return null;
  const value = field.includes(";") ? field.slice(field.indexOf(";") + 1) : field;
  return value.trim().replace(/^<|>$/g, "").toLowerCase() || null;
}
