import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/config/env";

export type SystemEmail = { to: string; subject: string; text: string };

const g = globalThis as unknown as { __coldframeSystemMail?: { url: string; transport: Transporter } };

/** Whether the app can send its own mail (SYSTEM_SMTP_URL is set). */
export function systemMailConfigured(): boolean {
  return Boolean(env().SYSTEM_SMTP_URL);
}

/**
 * Send one of the app's own emails (a password reset link, an invitation) through the operator's
 * SMTP server (SYSTEM_SMTP_URL), from SYSTEM_MAIL_FROM. Returns false, sending nothing, when no
 * server is configured: the callers then show the link to copy instead. A refusal throws.
 */
export async function sendSystemEmail(mail: SystemEmail): Promise<boolean> {
  const e = env();
  if (!e.SYSTEM_SMTP_URL) return false;
  if (g.__coldframeSystemMail?.url !== e.SYSTEM_SMTP_URL) {
    g.__coldframeSystemMail?.transport.close();
    g.__coldframeSystemMail = {
      url: e.SYSTEM_SMTP_URL,
      transport: nodemailer.createTransport(e.SYSTEM_SMTP_URL),
    };
  }
  const from = e.SYSTEM_MAIL_FROM ?? `Coldframe <no-reply@${new URL(e.APP_URL).hostname}>`;
  await g.__coldframeSystemMail.transport.sendMail({ from, ...mail });
  return true;
}
