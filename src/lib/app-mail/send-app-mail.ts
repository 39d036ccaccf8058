import { createMailboxTransport } from "@/lib/mailboxes/create-mailbox-transport";
import { type SystemEmail, sendSystemEmail } from "@/lib/net/system-mailer";
import type { AppMailer } from "./resolve-mailer";

/**
 * Send one of the app's own emails through the resolved mailer. Returns how it went out
 * ("system", or "mailbox:<address>"), or null when there is no mailer. A refusal throws.
 * A mailbox sends from its own address, under its sender name or "Coldframe": a receiver checks
 * SPF and DKIM against that address's domain, so no other From would pass.
 */
export async function sendAppMail(mailer: AppMailer, mail: SystemEmail): Promise<string | null> {
  if (mailer.kind === "none") return null;
  if (mailer.kind === "system") return (await sendSystemEmail(mail)) ? "system" : null;
  const { mailbox } = mailer;
  const transport = await createMailboxTransport(mailbox);
  try {
    await transport.sendMail({
      from: { name: mailbox.fromName || "Coldframe", address: mailbox.email },
      ...mail,
    });
  } finally {
    transport.close();
  }
  return `mailbox:${mailbox.email}`;
}
