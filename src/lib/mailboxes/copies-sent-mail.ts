import type { Mailbox } from "@/lib/db/schema";

/**
 * Whether Coldframe appends a copy of each campaign email to this mailbox's Sent folder: `on`, or
 * `auto` for a custom server (Gmail and Microsoft 365 file a copy of what is sent over SMTP
 * themselves; a custom server, Postfix and most hosts, files nothing, and the user's own mail
 * client would then show no conversation). Needs the mailbox's IMAP login.
 */
export function copiesSentMail(m: Pick<Mailbox, "sentCopy" | "provider" | "imapHost">): boolean {
  if (m.sentCopy === "off") return false;
  if (m.provider === "smtp" && !m.imapHost) return false;
  return m.sentCopy === "on" || m.provider === "smtp";
}
