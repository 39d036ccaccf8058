import { parseHeaderBlock } from "./parse-header-block";
import type { ParsedMessage } from "./parse-message";

export type OriginalRef = { messageId: string | null; campaignId: string | null; leadId: string | null };

/**
 * The identifiers of the message a bounce returns: from the attached original (`message/rfc822`
 * or `text/rfc822-headers`), else from a copy of its headers pasted into the notice's text, as
 * qmail ("--- Below this line is a copy of the message.") and Exchange do.
 */
export function readOriginal(msg: ParsedMessage): OriginalRef | null {
  if (msg.originalMessage) return refOf(parseHeaderBlock(msg.originalMessage));
  const text = msg.text ?? "";
  const start = text.search(/^(Message-ID|X-Campaign-ID|X-Lead-ID|Return-Path|Received|From):/im);
  if (start < 0) return null;
  return refOf(parseHeaderBlock(text.slice(start)));
}

function refOf(fields: Record<string, string>): OriginalRef | null {
  const ref = {
    messageId: /<[^<>\s]+>/.exec(fields["message-id"] ?? "")?.[0] ?? null,
    campaignId: fields["x-campaign-id"] || null,
    leadId: fields["x-lead-id"] || null,
  };
  return ref.messageId || ref.campaignId || ref.leadId ? ref : null;
}
