import { installAuthMail } from "@/lib/auth/auth-mail";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { resolveUserMailer, resolveWorkspaceMailer } from "./resolve-mailer";
import { sendAppMail } from "./send-app-mail";

/**
 * Route Better Auth's emails through the app's mailers: a person's account mail by
 * resolveUserMailer, a workspace's invitations by resolveWorkspaceMailer. Called where requests to
 * Better Auth enter (src/lib/api/auth-route.ts); elsewhere (the CLI's create-user) its mail goes
 * through SYSTEM_SMTP_URL only, which is all a brand-new account could use anyway.
 */
export function installAppMail(): void {
  installAuthMail({
    toUser: async (userId, mail) => {
      const { mailer, passedOver } = await resolveUserMailer(getDb(), userId);
      if (passedOver) logger.warn({ userId, ...passedOver }, "account email: chosen mailbox passed over");
      return (await sendAppMail(mailer, mail)) !== null;
    },
    forWorkspace: async (workspaceId, mail) => {
      const { mailer, passedOver } = await resolveWorkspaceMailer(getDb(), workspaceId);
      if (passedOver)
        logger.warn({ workspaceId, ...passedOver }, "workspace email: chosen mailbox passed over");
      return (await sendAppMail(mailer, mail)) !== null;
    },
  });
}
