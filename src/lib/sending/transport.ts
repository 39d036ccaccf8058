import nodemailer from "nodemailer";
import { decryptSecret } from "@/lib/crypto";
import type { Mailbox } from "@/lib/db/schema";

/** An SMTP transport for a password mailbox. (OAuth mailboxes: see src/lib/mailboxes.) */
export function openMailboxTransport(mailbox: Mailbox) {
  if (!mailbox.smtpHost || !mailbox.smtpPort) throw new Error(`mailbox ${mailbox.email} has no SMTP server`);
  return nodemailer.createTransport({
    host: mailbox.smtpHost,
    port: mailbox.smtpPort,
    secure: mailbox.smtpSecurity === "tls",
    requireTLS: mailbox.smtpSecurity === "starttls",
    ignoreTLS: mailbox.smtpSecurity === "none",
    auth: mailbox.smtpUser
      ? {
          user: mailbox.smtpUser,
          pass: mailbox.smtpPasswordEnc ? decryptSecret(mailbox.smtpPasswordEnc) : "",
        }
      : undefined,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
}
