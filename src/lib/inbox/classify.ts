import type { BounceInfo, ComplaintInfo, MessageCategory, ReplyIntent } from "@/lib/db/schema";
import { detectAutoReply } from "./detect-auto-reply";
import { detectBounce } from "./detect-bounce";
import { detectComplaint } from "./detect-complaint";
import type { ParsedMessage } from "./parse-message";
import { parseReturnDate } from "./parse-return-date";
import { type OriginalRef, readOriginal } from "./read-original";
import { isUnsubscribeRequest, replyIntent } from "./reply-rules";
import { stripQuoted } from "./strip-quoted";

export type Classification = {
  category: MessageCategory;
  /** only for human replies */
  intent: ReplyIntent | null;
  /** sent by a machine: an auto-reply, a bounce or bulk mail; never stops a sequence as a reply */
  autoReply: boolean;
  bounce: BounceInfo | null;
  /** for a bounce or a complaint: the message it returns, to link it to the campaign email */
  original: OriginalRef | null;
  /** only for complaints: what the feedback report says */
  complaint?: ComplaintInfo;
  /** only for auto-replies: the day the writer says they are back (YYYY-MM-DD), null when none is given */
  returnDate?: string | null;
};

/**
 * Classify a parsed message by rules, first hit wins: spam complaint, bounce, auto-reply,
 * unsubscribe request, then a human reply with its intent. Rules read only the reply's own text,
 * never the quote. A complaint comes first: a feedback report quotes our email, which must never
 * make it read as a reply.
 */
export function classifyMessage(msg: ParsedMessage): Classification {
  const feedback = detectComplaint(msg);
  if (feedback && "complaint" in feedback) {
    return {
      category: "complaint",
      intent: null,
      autoReply: true,
      bounce: null,
      original: readOriginal(msg),
      complaint: feedback.complaint,
    };
  }
  // a feedback report that is no complaint (not-spam, a DMARC failure report): machine mail
  if (feedback) return { ...machine("other"), original: readOriginal(msg) };

  const bounce = detectBounce(msg);
  if (bounce) {
    return { category: "bounce", intent: null, autoReply: true, bounce, original: readOriginal(msg) };
  }
  // a DSN reporting successful delivery, or a DSN-shaped notice we could not read
  if (msg.deliveryStatus) {
    return { category: "other", intent: null, autoReply: true, bounce: null, original: readOriginal(msg) };
  }

  const auto = detectAutoReply(msg);
  if (auto === "auto_reply") {
    const said = `${msg.subject ?? ""}\n${stripQuoted(msg.text ?? "")}`;
    return {
      ...machine("auto_reply"),
      returnDate: parseReturnDate(said, { received: msg.date ?? new Date() }),
    };
  }
  if (auto === "bulk") return machine("other");

  const newText = stripQuoted(msg.text ?? "");
  if (isUnsubscribeRequest(newText) || isUnsubscribeRequest(msg.subject ?? "")) {
    return { category: "unsubscribe_request", intent: null, autoReply: false, bounce: null, original: null };
  }
  return {
    category: "reply",
    intent: replyIntent(newText),
    autoReply: false,
    bounce: null,
    original: null,
  };
}

function machine(category: MessageCategory): Classification {
  return { category, intent: null, autoReply: true, bounce: null, original: null };
}
