import { logger } from "@/lib/logger";
import { sendSystemEmail } from "@/lib/net/system-mailer";

export type AuthEmail = { to: string; subject: string; text: string };

/**
 * Where Better Auth's emails go. Mail to a person about their account (password reset,
 * verification) and a workspace's mail (invitations) can go through a workspace's mailbox, which
 * lives in an area above auth: that area installs its senders here (src/lib/app-mail), and until
 * it does, both go through the operator's SYSTEM_SMTP_URL only. Each returns whether it was sent.
 */
export type AuthMail = {
  toUser: (userId: string, mail: AuthEmail) => Promise<boolean>;
  forWorkspace: (workspaceId: string, mail: AuthEmail) => Promise<boolean>;
};

const systemOnly: AuthMail = {
  toUser: (_userId, mail) => sendSystemEmail(mail),
  forWorkspace: (_workspaceId, mail) => sendSystemEmail(mail),
};

const g = globalThis as unknown as { __coldframeAuthMail?: AuthMail };

/** Install the senders Better Auth's emails go through (once per process, before requests). */
export function installAuthMail(mail: AuthMail): void {
  g.__coldframeAuthMail = mail;
}

/** The installed senders, read when an email is sent (so installing late still counts). */
export function authMail(): AuthMail {
  return g.__coldframeAuthMail ?? systemOnly;
}

/** Send, logging instead of throwing: the caller's flow (sign-up, an invitation) stands either way. */
export async function trySend(send: () => Promise<boolean>, context: Record<string, unknown>, what: string) {
  try {
    const sent = await send();
    if (!sent) logger.warn(context, `${what}: no mailer is configured, nothing was sent`);
    return sent;
  } catch (err) {
    logger.warn({ ...context, err }, `${what}: the mailer refused it`);
    return false;
  }
}
