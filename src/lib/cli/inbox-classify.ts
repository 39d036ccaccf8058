import { readFile } from "node:fs/promises";
import type { BounceInfo, ComplaintInfo, MessageCategory } from "@/lib/db/schema";
import { classifyMessage } from "@/lib/inbox/classify";
import { parseMessage } from "@/lib/inbox/parse-message";

export type ClassifiedFile = {
  file: string;
  category: MessageCategory;
  /** type (hard | soft | block), reason, recipient, status, diagnostic */
  bounce: BounceInfo | null;
  /** only for spam complaints: the feedback report's type, recipient, reporter and arrival date */
  complaint?: ComplaintInfo;
  /**
   * false for mail a person wrote; for mail a machine sent (an auto-reply, a bounce, a report),
   * what the auto-reply says: the day the writer is back (YYYY-MM-DD), or null
   */
  autoReply: false | { returnDate: string | null };
  /** only for auto-replies: the same return date (kept for scripts reading it here) */
  returnDate?: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  campaignId: string | null;
  leadId: string | null;
};

/** One file's line: what the sync would record for it, from the file alone (no database). */
export async function classifyFile(file: string): Promise<ClassifiedFile | { file: string; error: string }> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    return { file, error: (err as Error).message };
  }
  const msg = await parseMessage(raw);
  const c = classifyMessage(msg);
  return {
    file,
    category: c.category,
    bounce: c.bounce,
    ...(c.complaint ? { complaint: c.complaint } : {}),
    autoReply: c.autoReply
      ? { returnDate: c.category === "auto_reply" ? (c.returnDate ?? null) : null }
      : false,
    ...(c.category === "auto_reply" ? { returnDate: c.returnDate ?? null } : {}),
    messageId: msg.messageId,
    inReplyTo: msg.inReplyTo,
    references: msg.references,
    // a bounce's (or complaint's) own headers are the MTA's; the campaign is on the original it returns
    campaignId: c.original?.campaignId ?? msg.headers["x-campaign-id"] ?? null,
    leadId: c.original?.leadId ?? msg.headers["x-lead-id"] ?? null,
  };
}

/**
 * `inbox:classify FILE.eml...`: one JSON line per file, `{file, error}` for a file that cannot be
 * read. Resolves to false when any file failed, so the command can exit 1 after printing them all.
 */
export async function inboxClassifyCommand(files: string[], write = (line: string) => console.log(line)) {
  let ok = true;
  for (const file of files) {
    const result = await classifyFile(file).catch((err: Error) => ({ file, error: err.message }));
    if ("error" in result) ok = false;
    write(JSON.stringify(result));
  }
  return ok;
}
